/**
 * Roles from groups over HTTP, on both databases: roles defined with the CLI, groups mapped with the
 * CLI, the portal's server actions and the management API; SCIM membership changes, a rename and a
 * deletion give `user.updated` with the roles change exactly once per user; the directory API and
 * the events agree; tenants stay apart; bad input is answered as SCIM errors, problem details or
 * field errors, never a 5xx.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect } from "vitest";
import { callAction } from "../support/actions";
import { allEvents, allNumbered, api, apiKey, expectProblem } from "../support/api";
import { credentialsSignIn, type App } from "../support/app";
import { dbTest, describeEachDatabase, type ScimClient } from "../support/fixtures";
import { expectError, hex, type Json } from "../support/scim-client";
import {
  addMembers,
  createdId,
  groupBody,
  patchOp,
  removeMembers,
  replaceOp,
  userBody,
} from "../support/scim-requests";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The CLI's JSON output and exit code, also when it fails. */
async function cli(app: App, ...args: string[]): Promise<{ code: number; out: Json }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args, "--json"],
      { cwd: ROOT, env: app.env },
    );
    return { code: 0, out: JSON.parse(stdout) as Json };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: JSON.parse(e.stdout) as Json };
  }
}

type RoleChange = { userId: string; before: unknown; after: unknown; roles: unknown };

describeEachDatabase("roles from groups on %s", { other: "Fabrikam", timeout: 240_000 }, (suite) => {
  let key: string;
  let cookie: string;
  let otherCookie: string;
  let cursor = "0";

  const newUser = async (scim: ScimClient, name: string) =>
    createdId(await scim("POST", "/Users", userBody({ userName: `${name}.${hex()}@contoso.example` })));

  /** The role changes recorded for the tenant since the last call, and every event type, in order. */
  async function changesSince(tenantId = suite.tenant.tenantId) {
    await allNumbered(suite.app);
    const events = await allEvents(suite.app, key, `tenant=${tenantId}`, cursor);
    if (events.length > 0) cursor = String(events[events.length - 1]!.id);
    const changes: RoleChange[] = [];
    for (const e of events) {
      const data = e.data as { user?: { id: string; roles: unknown }; changes?: Json[] };
      const roles = data.changes?.find((c) => c.path === "roles");
      if (e.type === "user.updated" && roles && data.user) {
        changes.push({
          userId: data.user.id,
          before: roles.before,
          after: roles.after,
          roles: data.user.roles,
        });
      }
    }
    return { changes, types: events.map((e) => String(e.type)) };
  }

  const userRoles = async (userId: string, tenantId = suite.tenant.tenantId) => {
    const reply = await api(suite.app, key, "GET", `/tenants/${tenantId}/users/${userId}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.body.roles;
  };

  /** `role map` of this tenant by the CLI (a group id or name). */
  const mapByCli = (group: string, role: string) =>
    cli(suite.app, "role", "map", "--tenant", suite.tenant.tenantId, "--group", group, "--role", role);

  const action = (name: string, args: unknown[], session = cookie) =>
    callAction(suite.app.url, name, args, { cookie: session });

  beforeAll(async () => {
    key = (await apiKey(suite.app, "events:read,directory:read,roles:write")).key;
    const signedIn = await credentialsSignIn(suite.app, suite.tenant.email, suite.tenant.password);
    const otherSignedIn = await credentialsSignIn(suite.app, suite.other.email, suite.other.password);
    if (!("cookie" in signedIn) || !("cookie" in otherSignedIn)) throw new Error("admins could not sign in");
    cookie = signedIn.cookie;
    otherCookie = otherSignedIn.cookie;
    const end = await api(suite.app, key, "GET", "/events?after=now");
    cursor = String(end.body.next);
  });

  dbTest(
    "says plainly when no role is defined, and refuses a mapping to a role that does not exist",
    async ({ app }) => {
      const page = await fetch(`${app.url}/settings/roles`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("No roles are defined yet");
      const refused = await action("addMappingAction", [{ groupName: "Sales", role: "admin" }]);
      expect(refused.value).toMatchObject({ ok: false, fieldErrors: { role: expect.any(String) } });
    },
  );

  dbTest("defines roles with the CLI; a bad key is refused with its reason", async ({ app }) => {
    for (const [k, name] of [
      ["admin", "Administrator"],
      ["member", "Member"],
      ["viewer", "Viewer"],
    ]) {
      const added = await cli(app, "role", "add", "--key", k!, "--name", name!);
      expect(added).toMatchObject({ code: 0, out: { key: k, name } });
    }
    const bad = await cli(app, "role", "add", "--key", "Not A Key", "--name", "x");
    expect(bad.code).toBe(1);
    expect(String(bad.out.error)).toContain("lower-case");
    const again = await cli(app, "role", "add", "--key", "admin", "--name", "Again");
    expect(again.code).toBe(1);
    const list = await api(app, key, "GET", "/roles");
    expect((list.body.data as Json[]).map((r) => r.key)).toEqual(["admin", "member", "viewer"]);
  });

  dbTest(
    "gives and takes roles as SCIM changes memberships: user.updated with the roles change, once",
    async ({ app, tenant, scim }) => {
      const ada = await newUser(scim, "ada");
      const bob = await newUser(scim, "bob");
      const admins = createdId(await scim("POST", "/Groups", groupBody(`Admins ${hex()}`)));
      const mapped = await mapByCli(admins, "admin");
      expect(mapped.out).toMatchObject({ groupId: admins, role: "admin", precedence: 1 });
      await changesSince();

      expect((await scim("PATCH", `/Groups/${admins}`, patchOp(addMembers(ada, bob)))).status).toBe(204);
      let seen = await changesSince();
      expect(seen.types).toEqual([
        "group.member_added",
        "group.member_added",
        "user.updated",
        "user.updated",
      ]);
      expect(seen.changes).toHaveLength(2);
      expect(seen.changes).toEqual(
        expect.arrayContaining([
          { userId: ada, before: [], after: ["admin"], roles: ["admin"] },
          { userId: bob, before: [], after: ["admin"], roles: ["admin"] },
        ]),
      );
      expect(await userRoles(ada)).toEqual(["admin"]);

      // The same add again changes nobody's roles; a removal takes the role.
      await scim("PATCH", `/Groups/${admins}`, patchOp(addMembers(ada)));
      expect((await changesSince()).changes).toEqual([]);
      await scim("PATCH", `/Groups/${admins}`, patchOp(removeMembers(bob)));
      seen = await changesSince();
      expect(seen.changes).toEqual([{ userId: bob, before: ["admin"], after: [], roles: [] }]);
      expect(await userRoles(bob)).toEqual([]);

      // A user's own change carries the roles it has (and changes none).
      await scim("PATCH", `/Users/${ada}`, patchOp(replaceOp("displayName", "Ada L.")));
      await allNumbered(app);
      const updated = (await allEvents(app, key, `tenant=${tenant.tenantId}&types=user.updated`)).at(-1)!;
      expect((updated.data as { user: Json }).user.roles).toEqual(["admin"]);
      await changesSince();
    },
  );

  dbTest(
    "maps a claim name in the portal; it matches a provisioned group of that name, renamed or deleted",
    async ({ scim }) => {
      const cy = await newUser(scim, "cy");
      const name = `Engineering ${hex()}`;
      const added = await action("addMappingAction", [{ groupName: name.toUpperCase(), role: "member" }]);
      expect(added.value).toMatchObject({ ok: true });
      const eng = createdId(await scim("POST", "/Groups", groupBody(name, [cy])));
      expect((await changesSince()).changes).toEqual([
        { userId: cy, before: [], after: ["member"], roles: ["member"] },
      ]);
      await scim("PATCH", `/Groups/${eng}`, patchOp(replaceOp("displayName", `Research ${hex()}`)));
      expect((await changesSince()).changes).toEqual([
        { userId: cy, before: ["member"], after: [], roles: [] },
      ]);
      await scim("PATCH", `/Groups/${eng}`, patchOp(replaceOp("displayName", name)));
      expect((await changesSince()).changes).toEqual([
        { userId: cy, before: [], after: ["member"], roles: ["member"] },
      ]);
      expect((await scim("DELETE", `/Groups/${eng}`)).status).toBe(204);
      const seen = await changesSince();
      expect(seen.types).toEqual(["group.deleted", "user.updated"]);
      expect(seen.changes).toEqual([{ userId: cy, before: ["member"], after: [], roles: [] }]);
    },
  );

  dbTest(
    "orders roles by precedence and gives the default role to the rest (portal actions)",
    async ({ tenant, scim }) => {
      const dee = await newUser(scim, "dee");
      const staff = createdId(await scim("POST", "/Groups", groupBody(`Staff ${hex()}`, [dee])));
      const ops = createdId(await scim("POST", "/Groups", groupBody(`Ops ${hex()}`, [dee])));
      expect((await action("addMappingAction", [{ groupId: staff, role: "viewer" }])).value).toMatchObject({
        ok: true,
      });
      expect(
        (await action("addMappingAction", [{ groupId: ops, role: "member", precedence: "1" }])).value,
      ).toMatchObject({ ok: true });
      const seen = await changesSince();
      expect(seen.changes).toEqual([
        { userId: dee, before: [], after: ["viewer"], roles: ["viewer"] },
        { userId: dee, before: ["viewer"], after: ["member", "viewer"], roles: ["member", "viewer"] },
      ]);
      const config = await api(suite.app, key, "GET", `/tenants/${tenant.tenantId}/roles`);
      const mappings = config.body.mappings as Json[];
      expect(mappings[0]).toMatchObject({ precedence: 1, role: "member", groupId: ops });
      const staffMapping = mappings.find((m) => m.groupId === staff)!;

      // Moved first: the primary role changes, and the event says so.
      expect((await action("moveMappingAction", [staffMapping.id, 1])).value).toMatchObject({ ok: true });
      expect((await changesSince()).changes).toEqual([
        {
          userId: dee,
          before: ["member", "viewer"],
          after: ["viewer", "member"],
          roles: ["viewer", "member"],
        },
      ]);

      // The default role reaches every user no mapping matches, and new users from the start.
      const before = await api(suite.app, key, "GET", `/tenants/${tenant.tenantId}/users?limit=1000`);
      const unmatched = (before.body.data as Json[])
        .filter((u) => (u.roles as string[]).length === 0)
        .map((u) => u.id);
      expect((await action("setDefaultRoleAction", ["viewer"])).value).toMatchObject({ ok: true });
      const defaulted = await changesSince();
      expect(defaulted.changes.map((c) => c.userId).sort()).toEqual([...unmatched].sort());
      const eve = await newUser(scim, "eve");
      expect(await userRoles(eve)).toEqual(["viewer"]);
      await changesSince();
    },
  );

  dbTest("keeps the events and the directory API in agreement", async ({ app, tenant }) => {
    const latest = new Map<string, unknown>();
    await allNumbered(app);
    for (const e of await allEvents(app, key, `tenant=${tenant.tenantId}`)) {
      const user = (e.data as { user?: Json }).user;
      if (String(e.type).startsWith("user.") && user) latest.set(String(user.id), user.roles);
    }
    const users = await api(app, key, "GET", `/tenants/${tenant.tenantId}/users?limit=1000`);
    for (const u of users.body.data as Json[]) {
      if (latest.has(String(u.id))) expect(u.roles, String(u.userName)).toEqual(latest.get(String(u.id)));
    }
  });

  dbTest(
    "keeps tenants apart: another tenant's group cannot be mapped, nor its mappings seen or changed",
    async ({ app, tenant, other, otherScim }) => {
      const theirs = createdId(await otherScim("POST", "/Groups", groupBody(`Their admins ${hex()}`)));
      const viaPortal = await action("addMappingAction", [{ groupId: theirs, role: "admin" }]);
      expect(viaPortal.value).toMatchObject({ ok: false, fieldErrors: { groupId: expect.any(String) } });
      const viaCli = await mapByCli(theirs, "admin");
      expect(viaCli.code).toBe(1);
      const viaApi = await api(app, key, "POST", `/tenants/${tenant.tenantId}/roles/mappings`, {
        groupId: theirs,
        role: "admin",
      });
      expectProblem(viaApi, 422, "validation");

      // Fabrikam's administrator sees no mapping of Contoso's and cannot move or remove one.
      const ours = (await api(app, key, "GET", `/tenants/${tenant.tenantId}/roles`)).body.mappings as Json[];
      const page = await fetch(`${app.url}/settings/roles`, { headers: { Cookie: otherCookie } });
      const html = await page.text();
      expect(html).toContain("No mappings yet");
      for (const m of ours) expect(html).not.toContain(String(m.id));
      const removed = await action("removeMappingAction", [ours[0]!.id], otherCookie);
      expect(removed.value).toMatchObject({ ok: false });
      const moved = await action("moveMappingAction", [ours[0]!.id, 2], otherCookie);
      expect(moved.value).toMatchObject({ ok: false });
      expect(
        ((await api(app, key, "GET", `/tenants/${tenant.tenantId}/roles`)).body.mappings as Json[]).length,
      ).toBe(ours.length);
      // Their users carry no roles of ours.
      const theirUser = await newUser(otherScim, "ada");
      expect(await userRoles(theirUser, other.tenantId)).toEqual([]);
      // Without a session, the action answers no data.
      const anonymous = await callAction(app.url, "addMappingAction", [{ groupName: "x", role: "admin" }]);
      expect(anonymous.status).toBeLessThan(500);
      expect(anonymous.value).toBeUndefined();
    },
  );

  dbTest(
    "answers bad input with SCIM errors, problem details or field errors — never a 5xx",
    async ({ app, tenant, scim }) => {
      const g = createdId(await scim("POST", "/Groups", groupBody(`Bad ${hex()}`)));
      expectError(
        await scim("PATCH", `/Groups/${g}`, patchOp(addMembers("not-a-user"))),
        400,
        "invalidValue",
      );
      for (const body of [
        { role: "admin" },
        { groupName: "x", role: "Not a key" },
        { groupName: "x", role: "nope" },
        { groupName: "x", groupId: g, role: "admin" },
        { groupName: "x", role: "admin", precedence: 0 },
        { groupName: "x", role: "admin", extra: true },
        { groupName: "x\u0000y", role: "admin" },
      ]) {
        const reply = await api(app, key, "POST", `/tenants/${tenant.tenantId}/roles/mappings`, body);
        expect(reply.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
        expect(reply.status, reply.text).toBeLessThan(500);
        expect(reply.headers.get("content-type")).toBe("application/problem+json");
      }
      expectProblem(await api(app, key, "POST", "/roles", { key: "Bad Key", name: "x" }), 422, "validation");
      expectProblem(await api(app, key, "DELETE", "/roles/no-such-role"), 404, "not-found");
      expectProblem(
        await api(app, key, "PUT", `/tenants/${tenant.tenantId}/roles/default`, { role: "nope" }),
        422,
      );
      expectProblem(
        await api(
          app,
          key,
          "PATCH",
          `/tenants/${tenant.tenantId}/roles/mappings/00000000-0000-7000-8000-000000000000`,
          {
            precedence: 1,
          },
        ),
        404,
        "not-found",
      );
      for (const args of [
        [{ groupName: "x", role: "admin", precedence: "first" }],
        [{ groupName: "x".repeat(600), role: "admin" }],
        [{ groupId: "", role: "" }],
        ["not an object"],
      ]) {
        const reply = await action("addMappingAction", args);
        expect(reply.status, reply.text).toBeLessThan(500);
        expect(reply.value).toMatchObject({ ok: false });
      }
      const moved = await action("moveMappingAction", ["nope", -3]);
      expect(moved.value).toMatchObject({ ok: false });
      const defaulted = await action("setDefaultRoleAction", ["Bad Key"]);
      expect(defaulted.value).toMatchObject({ ok: false, fieldErrors: { role: expect.any(String) } });
    },
  );

  dbTest("removes a role everywhere with the API: its holders get user.updated", async ({ app, tenant }) => {
    await changesSince();
    const users = (await api(app, key, "GET", `/tenants/${tenant.tenantId}/users?limit=1000`)).body
      .data as Json[];
    const holders = users.filter((u) => (u.roles as string[]).includes("viewer")).map((u) => u.id);
    expect(holders.length).toBeGreaterThan(0);
    expect((await api(app, key, "DELETE", "/roles/viewer")).status).toBe(204);
    const seen = await changesSince();
    expect(seen.changes.map((c) => c.userId).sort()).toEqual([...holders].sort());
    expect((await api(app, key, "GET", `/tenants/${tenant.tenantId}/roles`)).body.defaultRole).toBeNull();
  });
});
