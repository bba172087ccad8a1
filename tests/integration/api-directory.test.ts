/**
 * The directory API on every database: users in the events' normalized shape (the same object the
 * events carry), cursor paging that visits every user once, updatedSince, groups, a group's
 * members and a user's groups, tenant isolation; and the example consumer
 * (examples/directory-sync), run against the real app after a SCIM sequence, whose local copy
 * equals the directory API's view — also after more changes, and after replaying from the start.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect } from "vitest";
import {
  groupPageSchema,
  groupSchema,
  tenantPageSchema,
  userPageSchema,
  userSchema,
} from "@/lib/api/schemas";
import {
  allNumbered,
  allPages,
  api,
  apiKey,
  comparable,
  conforms,
  directoryView,
  eventsWhenNumbered,
  expectProblem,
  type DirectoryCopy,
} from "../support/api";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { ENTERPRISE, hex, type Json } from "../support/scim-client";
import {
  addMembers,
  groupBody,
  patchOp,
  removeMember,
  replaceActive,
  replaceOp,
  userBody,
} from "../support/scim-requests";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

type Copy = DirectoryCopy & { cursor: string };

describeEachDatabase("directory API on %s", { tenant: "Directory", other: "Neighbour" }, (suite) => {
  let key: string;
  const userIds: string[] = [];
  let groupId: string;
  beforeAll(async () => {
    const { app, tenant, scim } = suite;
    key = (await apiKey(app, "directory:read,events:read")).key;
    await app.cli(
      "attribute",
      "add",
      "--tenant",
      tenant.tenantId,
      "--name",
      "costCentre",
      "--type",
      "string",
    );
    for (let i = 0; i < 7; i++) {
      const r = await scim(
        "POST",
        "/Users",
        userBody(
          {
            userName: `user${i}.${hex()}@contoso.com`,
            displayName: `User ${i}`,
            emails: [{ value: `user${i}@contoso.com`, type: "work", primary: true }],
            [ENTERPRISE]: { department: "Sales" },
            "urn:ietf:params:scim:schemas:extension:rollcall:2.0:User": { costCentre: `CC${i}` },
          },
          ENTERPRISE,
        ),
      );
      expect(r.status, r.text).toBe(201);
      userIds.push(String(r.body.id));
    }
    const g = await scim("POST", "/Groups", groupBody(`Sales ${hex()}`, userIds.slice(0, 5)));
    groupId = String(g.body.id);
  });

  dbTest(
    "pages a tenant's users, each exactly the user its latest event carries",
    async ({ app, tenant }) => {
      const first = await api(app, key, "GET", `/tenants/${tenant.tenantId}/users?limit=3`);
      conforms(userPageSchema, first.body);
      expect(first.body.data).toHaveLength(3);
      expect(first.body.next).toEqual(expect.any(String));
      const users = await allPages(app, key, `/tenants/${tenant.tenantId}/users`, 2);
      expect(users.map((u) => u.id).sort()).toEqual([...userIds].sort());
      // The same object as the events' user (one function builds both), groups included.
      const events = await eventsWhenNumbered(app, key, `tenant=${tenant.tenantId}&types=user.created`, 7);
      const created = new Map(
        events.map((e) => [String((e.data as { user: Json }).user.id), (e.data as { user: Json }).user]),
      );
      for (const user of users) {
        const expected = {
          ...created.get(String(user.id))!,
          groups: userIds.slice(0, 5).includes(String(user.id)) ? [groupId] : [],
        };
        expect(user).toEqual(expected);
      }
      const one = await api(app, key, "GET", `/tenants/${tenant.tenantId}/users/${userIds[0]}`);
      expect(conforms(userSchema, one.body)).toMatchObject({
        email: "user0@contoso.com",
        displayName: "User 0",
        groups: [groupId],
        customAttributes: {
          "urn:ietf:params:scim:schemas:extension:rollcall:2.0:User": { costCentre: "CC0" },
        },
        scim: { [ENTERPRISE]: { department: "Sales" } },
      });
    },
  );

  dbTest(
    "returns only users changed since a time, and moves a changed user behind the cursor",
    async ({ app, tenant, scim }) => {
      const before = await allPages(app, key, `/tenants/${tenant.tenantId}/users`);
      const page = await api(app, key, "GET", `/tenants/${tenant.tenantId}/users?limit=3`);
      await new Promise((r) => setTimeout(r, 20));
      const since = new Date().toISOString();
      // The first user of the first page changes while someone pages: they meet it again at the end.
      const changed = String((page.body.data as Json[])[0]!.id);
      await scim("PATCH", `/Users/${changed}`, patchOp(replaceOp("title", "Lead")));
      const rest = await allPages(
        app,
        key,
        `/tenants/${tenant.tenantId}/users`,
        1000,
        String(page.body.next),
      );
      expect(rest.at(-1)!.id).toBe(changed);
      expect(new Set([...(page.body.data as Json[]), ...rest].map((u) => u.id)).size).toBe(before.length);
      const recent = await allPages(
        app,
        key,
        `/tenants/${tenant.tenantId}/users?updatedSince=${encodeURIComponent(since)}`,
      );
      expect(recent.map((u) => u.id)).toEqual([changed]);
      expect((recent[0]!.scim as Json).title).toBe("Lead");
      const offset = since.replace("Z", "+00:00");
      expect(
        (
          await allPages(
            app,
            key,
            `/tenants/${tenant.tenantId}/users?updatedSince=${encodeURIComponent(offset)}`,
          )
        ).length,
      ).toBe(1);
    },
  );

  dbTest(
    "lists groups, a group's members and a user's groups, and keeps tenants apart",
    async ({ app, tenant, other }) => {
      const groups = await api(app, key, "GET", `/tenants/${tenant.tenantId}/groups`);
      expect(conforms(groupPageSchema, groups.body).data.map((g) => g.id)).toEqual([groupId]);
      const group = conforms(
        groupSchema,
        (await api(app, key, "GET", `/tenants/${tenant.tenantId}/groups/${groupId}`)).body,
      );
      expect(group.scim).not.toHaveProperty("members");
      const members = await allPages(app, key, `/tenants/${tenant.tenantId}/groups/${groupId}/members`, 2);
      expect(members.map((m) => m.id)).toEqual(userIds.slice(0, 5).sort());
      for (const m of members) conforms(userSchema, m);
      const ofUser = await api(app, key, "GET", `/tenants/${tenant.tenantId}/users/${userIds[0]}/groups`);
      expect(conforms(groupPageSchema, ofUser.body)).toEqual({ data: [group], next: null });
      expect(
        (await api(app, key, "GET", `/tenants/${tenant.tenantId}/users/${userIds[6]}/groups`)).body.data,
      ).toEqual([]);
      const tenants = await allPages(app, key, "/tenants", 1);
      expect(tenants.map((x) => x.id)).toEqual(expect.arrayContaining([tenant.tenantId, other.tenantId]));
      conforms(tenantPageSchema, (await api(app, key, "GET", "/tenants?limit=1")).body);

      // Another tenant's path never reaches this tenant's users or groups.
      for (const p of [
        `/tenants/${other.tenantId}/users/${userIds[0]}`,
        `/tenants/${other.tenantId}/users/${userIds[0]}/groups`,
        `/tenants/${other.tenantId}/groups/${groupId}`,
        `/tenants/${other.tenantId}/groups/${groupId}/members`,
        `/tenants/not-a-tenant/users`,
      ]) {
        expectProblem(await api(app, key, "GET", p), 404, "not-found");
      }
      expect((await api(app, key, "GET", `/tenants/${other.tenantId}/users`)).body.data).toEqual([]);
    },
  );

  dbTest(
    "example consumer: its copy of the tenant, built from the events, equals the directory API's view",
    async ({ app, tenant, scim }) => {
      const sync = (await apiKey(app, "events:read", "directory-sync")).key;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-sync-"));
      const file = path.join(dir, "directory.json");
      const runConsumer = async () => {
        await run(process.execPath, ["examples/directory-sync/sync.mjs", file, "--once"], {
          cwd: ROOT,
          env: { ...process.env, ROLLCALL_URL: app.url, ROLLCALL_API_KEY: sync, TENANT_ID: tenant.tenantId },
          timeout: 60_000,
        });
        return JSON.parse(fs.readFileSync(file, "utf8")) as Copy;
      };
      const same = async (copy: Copy) => {
        const expected = await directoryView(app, key, tenant.tenantId);
        expect(copy.users).toEqual(expected.users);
        expect(comparable(copy)).toEqual(comparable(expected));
        expect(Object.keys(copy.users)).toHaveLength(Object.keys(expected.users).length);
      };

      await allNumbered(app);
      let copy = await runConsumer();
      await same({ ...copy });

      // More of Entra's cycle: a rename, a move between groups, a disable, deletes, a new group.
      const patch = (p: string, ops: unknown[]) => scim("PATCH", p, patchOp(...ops));
      const second = await scim("POST", "/Groups", groupBody(`Ops ${hex()}`, [userIds[5]]));
      await patch(`/Groups/${groupId}`, [removeMember(userIds[1])]);
      await patch(`/Groups/${String(second.body.id)}`, [addMembers(userIds[1])]);
      await patch(`/Users/${userIds[2]}`, [replaceOp("displayName", "Renamed")]);
      await patch(`/Users/${userIds[3]}`, [replaceActive(false)]);
      await scim("DELETE", `/Users/${userIds[4]}`);
      const temp = await scim("POST", "/Groups", groupBody(`Temp ${hex()}`, [userIds[0]]));
      await scim("DELETE", `/Groups/${String(temp.body.id)}`);
      await allNumbered(app);
      copy = await runConsumer();
      await same(copy);
      expect(copy.users[userIds[3]!]!.active).toBe(false);
      expect(copy.users[userIds[4]!]).toBeUndefined();

      // Nothing new: the copy does not change. Replayed from the start: the same copy.
      const cursor = copy.cursor;
      expect(await runConsumer()).toEqual(copy);
      fs.writeFileSync(file, JSON.stringify({ ...copy, cursor: "0" }));
      const replayed = await runConsumer();
      expect(replayed).toEqual({ ...copy, cursor });
      fs.rmSync(dir, { recursive: true, force: true });
    },
    120_000,
  );
});
