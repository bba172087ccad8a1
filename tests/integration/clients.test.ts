/**
 * Okta, OneLogin and JumpCloud as they provision into Rollcall: each client's documented request
 * sequence (docs/clients.md has the sequences and their sources), replayed end to end against the
 * built app on every database, and read back the way that client reads the answers. Entra ID has
 * its own suites (scim-users-entra, scim-groups). One app per database, one tenant per client.
 *
 * Each client's requests are written as builders at the top of its block; the steps below them run
 * in order and share state, like one provisioning session.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect } from "vitest";
import { provisionedTenant } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import {
  ENTERPRISE,
  GROUP,
  LIST,
  SCIM_JSON,
  UNIFLOW,
  USER,
  arr,
  call,
  expectError,
  groupIds,
  hex,
  isJson,
  memberIds,
  obj,
  resources,
  sorted,
  type Json,
  type Reply,
  type Tenant,
} from "../support/scim-client";
import { patchOp } from "../support/scim-requests";

/** One request as a client sends it (path relative to the tenant URL). */
type Req = { method: string; path: string; body?: unknown };

type Person = { userName: string; givenName: string; familyName: string; email: string };

const enc = encodeURIComponent;

/** A client bound to a tenant: its own headers on every request, a body content type of its own. */
function sender(tenant: () => Tenant, headers: Record<string, string>, bodyType = "application/scim+json") {
  return (req: Req): Promise<Reply> =>
    call(tenant(), req.method, req.path, req.body, {
      ...headers,
      ...(req.body === undefined ? {} : { "Content-Type": bodyType }),
    });
}

/** A ListResponse as every client reads it: 200, SCIM JSON, integer counters, a Resources array. */
function expectList(r: Reply, totalResults?: number): Json[] {
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
  expect(r.body.schemas).toEqual([LIST]);
  for (const key of ["totalResults", "startIndex", "itemsPerPage"])
    expect(Number.isInteger(r.body[key])).toBe(true);
  if (totalResults !== undefined) expect(r.body.totalResults).toBe(totalResults);
  const list = resources(r);
  expect(list).toHaveLength(Number(r.body.itemsPerPage));
  return list;
}

/** A resource the client links to by its `id` (a 201 or 200 with a non-empty string id). */
function expectResource(r: Reply, status: number): string {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
  expect(typeof r.body.id).toBe("string");
  expect(String(r.body.id)).not.toBe("");
  return String(r.body.id);
}

/** PATCH: Okta, OneLogin and JumpCloud all accept 200 with the resource or 204 with no body. */
function expectPatched(r: Reply): void {
  expect([200, 204], r.text).toContain(r.status);
  if (r.status === 204) expect(r.text).toBe("");
  else expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
}

/** No `password` (plain or URN-qualified) and not the secret itself anywhere in an answer. */
function expectNoPassword(body: Json, secret: string): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isJson(v))
      for (const [key, child] of Object.entries(v)) {
        expect(key.toLowerCase().replace(/^.*:/, "")).not.toBe("password");
        walk(child);
      }
  };
  walk(body);
  expect(JSON.stringify(body)).not.toContain(secret);
}

// One tenant per client, made in the client's block.
describeEachDatabase("provisioning clients on %s", { tenant: false }, (suite) => {
  const s = hex();

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe("Okta (OIN integration: PATCH for status and groups, PUT for profiles; AIW: PUT)", () => {
    let t: Tenant;
    beforeAll(async () => {
      t = await provisionedTenant(suite.app, "Initech");
    });

    // Headers of Okta's SCIM client (okta-blog-archive PR #1956: a captured Okta request).
    const send = sender(
      () => t,
      { "User-Agent": "Okta SCIM Client 1.0.0", Accept: "application/scim+json", "Accept-Charset": "utf-8" },
      "application/scim+json; charset=utf-8",
    );
    const okta = {
      /** "Test API Credentials" — the count is a constant 2. */
      testConnection: (): Req => ({ method: "GET", path: "/Users?startIndex=1&count=2" }),
      findUser: (userName: string): Req => ({
        method: "GET",
        path: `/Users?filter=${enc(`userName eq "${userName}"`)}&startIndex=1&count=100`,
      }),
      /** The user's app profile; `groups: []` and a generated `password` are always in it. */
      createUser: (p: Person, oktaId: string, cardNumber: string): Req => ({
        method: "POST",
        path: "/Users",
        body: {
          schemas: [USER, ENTERPRISE, UNIFLOW],
          userName: p.userName,
          name: { givenName: p.givenName, familyName: p.familyName },
          emails: [{ primary: true, value: p.email, type: "work" }],
          displayName: `${p.givenName} ${p.familyName}`,
          locale: "en-US",
          externalId: oktaId,
          groups: [],
          password: "1mz050nq",
          active: true,
          [ENTERPRISE]: { department: "Sales" },
          // An Okta custom attribute whose External Namespace is Rollcall's extension.
          [UNIFLOW]: { cardNumber },
        },
      }),
      getUser: (id: string): Req => ({ method: "GET", path: `/Users/${id}` }),
      /** Profile update: the representation Okta just read, changed, sent back whole. */
      replaceUser: (id: string, body: Json): Req => ({ method: "PUT", path: `/Users/${id}`, body }),
      /** Activate, deactivate, password sync: one no-path replace. */
      replaceWithoutPath: (id: string, value: Json): Req => ({
        method: "PATCH",
        path: `/Users/${id}`,
        body: patchOp({ op: "replace", value }),
      }),
      listUsers: (startIndex: number, count: number): Req => ({
        method: "GET",
        path: `/Users?startIndex=${startIndex}&count=${count}`,
      }),
      listGroups: (): Req => ({ method: "GET", path: "/Groups?startIndex=1&count=100" }),
      findGroup: (displayName: string): Req => ({
        method: "GET",
        path: `/Groups?filter=${enc(`displayName eq "${displayName}"`)}&startIndex=1&count=100`,
      }),
      pushGroup: (displayName: string, members: { value: string; display: string }[]): Req => ({
        method: "POST",
        path: "/Groups",
        body: { schemas: [GROUP], displayName, members },
      }),
      getGroup: (id: string): Req => ({ method: "GET", path: `/Groups/${id}` }),
      /** Membership change: removals by filtered path, additions with path members. */
      updateMembers: (id: string, remove: string[], add: { value: string; display: string }[]): Req => ({
        method: "PATCH",
        path: `/Groups/${id}`,
        body: patchOp(
          ...remove.map((value) => ({ op: "remove", path: `members[value eq "${value}"]` })),
          ...(add.length > 0 ? [{ op: "add", path: "members", value: add }] : []),
        ),
      }),
      /** Rename — also sent with every membership push: the group's id and name as a value object. */
      renameGroup: (id: string, displayName: string): Req => ({
        method: "PATCH",
        path: `/Groups/${id}`,
        body: patchOp({ op: "replace", value: { id, displayName } }),
      }),
      /** "Push now": the whole membership in one replace. */
      pushMembers: (id: string, members: { value: string; display: string }[]): Req => ({
        method: "PATCH",
        path: `/Groups/${id}`,
        body: patchOp({ op: "replace", path: "members", value: members }),
      }),
      /** AIW integrations update a pushed group with PUT. */
      replaceGroup: (
        id: string,
        displayName: string,
        members: { value: string; display: string }[],
      ): Req => ({
        method: "PUT",
        path: `/Groups/${id}`,
        body: { schemas: [GROUP], id, displayName, members },
      }),
      deleteGroup: (id: string): Req => ({ method: "DELETE", path: `/Groups/${id}` }),
    };

    const person = (given: string): Person => ({
      userName: `${given}.${s}@Initech.example`,
      givenName: given,
      familyName: "Okta",
      email: `${given.toLowerCase()}.${s}@initech.example`,
    });
    const ann = person("Ann");
    const bob = person("Bob");
    const cid = person("Cid");
    const ids: Record<string, string> = {};
    const member = (name: string) => ({ value: ids[name]!, display: `${name}.${s}@Initech.example` });
    let groupId = "";
    let groupName = `Okta Sales ${s}`;

    dbTest(
      "Test API Credentials: GET /Users?startIndex=1&count=2 → 200 ListResponse with integer counters",
      async () => {
        const list = expectList(await send(okta.testConnection()), 0);
        expect(list).toEqual([]);
      },
    );

    dbTest('lookup before create: filter userName eq "…" → 200 and an empty ListResponse', async () => {
      expectList(await send(okta.findUser(ann.userName)), 0);
    });

    dbTest(
      "create: POST the app profile → 201 with id, the values as sent, active, and no password",
      async () => {
        for (const [p, name] of [
          [ann, "Ann"],
          [bob, "Bob"],
          [cid, "Cid"],
        ] as const) {
          const r = await send(okta.createUser(p, `00u${hex()}${hex()}`, `CARD-${name}`));
          ids[name] = expectResource(r, 201);
          expect(r.body).toMatchObject({
            userName: p.userName,
            name: { givenName: p.givenName, familyName: p.familyName },
            emails: [{ primary: true, value: p.email, type: "work" }],
            locale: "en-US",
            active: true,
            [ENTERPRISE]: { department: "Sales" },
            [UNIFLOW]: { cardNumber: `CARD-${name}` },
          });
          expect(obj(r.body.meta).resourceType).toBe("User");
          expect(r.headers.get("location")).toBe(obj(r.body.meta).location);
          expectNoPassword(r.body, "1mz050nq");
        }
      },
    );

    dbTest("lookup matches userName case-insensitively and returns it exactly as sent", async () => {
      for (const variant of [ann.userName, ann.userName.toUpperCase(), ann.userName.toLowerCase()]) {
        const [found] = expectList(await send(okta.findUser(variant)), 1);
        expect(obj(found)).toMatchObject({ id: ids.Ann, userName: ann.userName });
      }
    });

    dbTest(
      "a create for a userName that exists (any case) → 409 uniqueness, so Okta stops instead of duplicating",
      async () => {
        const r = await send(
          okta.createUser({ ...ann, userName: ann.userName.toUpperCase() }, "00uDup", "X"),
        );
        expectError(r, 409, "uniqueness");
      },
    );

    dbTest("Test API Credentials with users: itemsPerPage 2 of totalResults 3", async () => {
      const list = expectList(await send(okta.testConnection()), 3);
      expect(list).toHaveLength(2);
    });

    dbTest(
      "a user Okta still links but Rollcall no longer has: GET /Users/{id} → 404 with a SCIM Error",
      async () => {
        expectError(await send(okta.getUser(randomUUID())), 404);
      },
    );

    dbTest("Push Groups: POST /Groups with members → 201 with the group and its members", async () => {
      const r = await send(okta.pushGroup(groupName, [member("Ann")]));
      groupId = expectResource(r, 201);
      expect(r.body.displayName).toBe(groupName);
      expect(memberIds(r.body)).toEqual([ids.Ann]);
      expect(obj(r.body.meta).resourceType).toBe("Group");
    });

    dbTest("the group is found again by displayName, as Okta links an existing group", async () => {
      const [found] = expectList(await send(okta.findGroup(groupName)), 1);
      expect(obj(found).id).toBe(groupId);
    });

    dbTest(
      'membership: remove members[value eq "Ann"] + add members [Bob] in one PATCH → only those change',
      async () => {
        expectPatched(await send(okta.updateMembers(groupId, [ids.Ann!], [member("Bob")])));
        const g = await send(okta.getGroup(groupId));
        expect(g.status).toBe(200);
        expect(memberIds(g.body)).toEqual([ids.Bob]);
      },
    );

    dbTest("membership: add Ann and Cid (Bob stays), then re-adding Bob is a no-op", async () => {
      expectPatched(await send(okta.updateMembers(groupId, [], [member("Ann"), member("Cid")])));
      expectPatched(await send(okta.updateMembers(groupId, [], [member("Bob")])));
      expect(memberIds((await send(okta.getGroup(groupId))).body)).toEqual(
        sorted([ids.Ann!, ids.Bob!, ids.Cid!]),
      );
    });

    dbTest(
      "rename: PATCH replace with the value object {id, displayName} → 200/204 and the new name",
      async () => {
        const renamed = `Okta Sales EMEA ${s}`;
        const r = await send(okta.renameGroup(groupId, renamed));
        expectPatched(r);
        const g = await send(okta.getGroup(groupId));
        expect(g.body.displayName).toBe(renamed);
        expect(memberIds(g.body)).toEqual(sorted([ids.Ann!, ids.Bob!, ids.Cid!]));
        groupName = renamed;
      },
    );

    dbTest(
      "the rename Okta sends with every membership push, unchanged name → 200/204, nothing lost",
      async () => {
        const current = String((await send(okta.getGroup(groupId))).body.displayName);
        expectPatched(await send(okta.renameGroup(groupId, current)));
        expect(memberIds((await send(okta.getGroup(groupId))).body)).toHaveLength(3);
      },
    );

    dbTest('"Push now": replace path members [Ann, Bob] → exactly Ann and Bob', async () => {
      expectPatched(await send(okta.pushMembers(groupId, [member("Ann"), member("Bob")])));
      expect(memberIds((await send(okta.getGroup(groupId))).body)).toEqual(sorted([ids.Ann!, ids.Bob!]));
    });

    dbTest(
      "profile update: GET, then PUT of what it read (groups included) with a change → 200, active and memberships kept",
      async () => {
        const read = await send(okta.getUser(ids.Ann!));
        expect(read.status).toBe(200);
        expect(groupIds(read.body)).toEqual([groupId]);
        const sent = { ...read.body, name: { ...obj(read.body.name), middleName: "Excited" }, title: "Lead" };
        const r = await send(okta.replaceUser(ids.Ann!, sent));
        expectResource(r, 200);
        expect(r.body).toMatchObject({
          id: ids.Ann,
          userName: ann.userName,
          active: true,
          title: "Lead",
          name: { givenName: "Ann", familyName: "Okta", middleName: "Excited" },
          [UNIFLOW]: { cardNumber: "CARD-Ann" },
        });
        expect(groupIds(r.body)).toEqual([groupId]);
        expect(memberIds((await send(okta.getGroup(groupId))).body)).toEqual(sorted([ids.Ann!, ids.Bob!]));
      },
    );

    dbTest(
      'profile update as the reference shows it, with "groups": [] → memberships are not dropped',
      async () => {
        const r = await send(
          okta.replaceUser(ids.Bob!, {
            schemas: [USER],
            id: ids.Bob,
            userName: bob.userName,
            name: { givenName: "Bob", middleName: "", familyName: "Okta-Smith" },
            emails: [{ primary: true, value: bob.email, type: "work", display: bob.email }],
            active: true,
            groups: [],
            meta: { resourceType: "User" },
          }),
        );
        expectResource(r, 200);
        expect(r.body.active).toBe(true);
        expect(obj(r.body.name).familyName).toBe("Okta-Smith");
        expect(groupIds(r.body)).toEqual([groupId]);
        expect(memberIds((await send(okta.getGroup(groupId))).body)).toEqual(sorted([ids.Ann!, ids.Bob!]));
      },
    );

    dbTest(
      "a PUT listing a group the user is not in does not add the membership (groups is read-only)",
      async () => {
        const read = await send(okta.getUser(ids.Cid!));
        expect(groupIds(read.body)).toEqual([]);
        const r = await send(okta.replaceUser(ids.Cid!, { ...read.body, groups: [{ value: groupId }] }));
        expectResource(r, 200);
        expect(groupIds(r.body)).toEqual([]);
        expect(memberIds((await send(okta.getGroup(groupId))).body)).toEqual(sorted([ids.Ann!, ids.Bob!]));
      },
    );

    dbTest(
      "password sync: PATCH replace {password} → 200 or 204, and the password is never returned",
      async () => {
        const r = await send(okta.replaceWithoutPath(ids.Ann!, { password: "n3w-Secret-42" }));
        expectPatched(r);
        expectNoPassword(r.body, "n3w-Secret-42");
        expectNoPassword((await send(okta.getUser(ids.Ann!))).body, "n3w-Secret-42");
      },
    );

    dbTest(
      'deactivate: PATCH {"op":"replace","value":{"active":false}} → the updated user, inactive',
      async () => {
        const r = await send(okta.replaceWithoutPath(ids.Ann!, { active: false }));
        expectPatched(r);
        if (r.status === 200) expect(r.body).toMatchObject({ id: ids.Ann, active: false });
        const read = await send(okta.getUser(ids.Ann!));
        expect(read.body.active).toBe(false);
        // Still there for Okta's lookups, still a member (Okta did not ask to remove it).
        const [found] = expectList(await send(okta.findUser(ann.userName)), 1);
        expect(obj(found)).toMatchObject({ id: ids.Ann, active: false });
        expect(groupIds(read.body)).toEqual([groupId]);
      },
    );

    dbTest(
      "a profile PUT of a deactivated user (what Okta read, changed) does not flip active back",
      async () => {
        const read = await send(okta.getUser(ids.Ann!));
        const r = await send(okta.replaceUser(ids.Ann!, { ...read.body, title: "Former lead" }));
        expectResource(r, 200);
        expect(r.body).toMatchObject({ active: false, title: "Former lead" });
        expect((await send(okta.getUser(ids.Ann!))).body.active).toBe(false);
      },
    );

    dbTest("reactivate: PATCH replace {active:true} → active again, memberships intact", async () => {
      const r = await send(okta.replaceWithoutPath(ids.Ann!, { active: true }));
      expectPatched(r);
      const read = await send(okta.getUser(ids.Ann!));
      expect(read.body.active).toBe(true);
      expect(groupIds(read.body)).toEqual([groupId]);
    });

    dbTest("AIW integrations deactivate and reactivate with a full PUT carrying active", async () => {
      const read = await send(okta.getUser(ids.Bob!));
      const off = await send(okta.replaceUser(ids.Bob!, { ...read.body, active: false }));
      expectResource(off, 200);
      expect(off.body.active).toBe(false);
      expect(groupIds(off.body)).toEqual([groupId]);
      const on = await send(okta.replaceUser(ids.Bob!, { ...off.body, active: true }));
      expectResource(on, 200);
      expect(on.body.active).toBe(true);
      expect(groupIds(on.body)).toEqual([groupId]);
    });

    dbTest("import: pages of /Users with startIndex/count in a stable order, and /Groups", async () => {
      const seen: string[] = [];
      for (const startIndex of [1, 3]) {
        const r = await send(okta.listUsers(startIndex, 2));
        const list = expectList(r, 3);
        expect(r.body.startIndex).toBe(startIndex);
        seen.push(...list.map((u) => String(obj(u).id)));
      }
      expect(sorted(seen)).toEqual(sorted([ids.Ann!, ids.Bob!, ids.Cid!]));
      const all = expectList(await send(okta.listUsers(1, 100)), 3);
      expect(all.map((u) => obj(u).id)).toEqual(seen);
      const groups = expectList(await send(okta.listGroups()), 1);
      expect(obj(groups[0]).id).toBe(groupId);
    });

    dbTest(
      "AIW group update: PUT /Groups/{id} with id, displayName and the full members → 200, exactly those",
      async () => {
        const r = await send(okta.replaceGroup(groupId, groupName, [member("Cid")]));
        expectResource(r, 200);
        expect(memberIds(r.body)).toEqual([ids.Cid]);
        expect(groupIds((await send(okta.getUser(ids.Ann!))).body)).toEqual([]);
      },
    );

    dbTest('"Push now" of a group emptied in Okta: replace path members [] → no members left', async () => {
      expectPatched(await send(okta.pushMembers(groupId, [])));
      expect(memberIds((await send(okta.getGroup(groupId))).body)).toEqual([]);
      expect(groupIds((await send(okta.getUser(ids.Cid!))).body)).toEqual([]);
    });

    dbTest(
      "Unlink pushed group → Delete the group in the target app: DELETE → 204, then 404; users remain",
      async () => {
        const r = await send(okta.deleteGroup(groupId));
        expect(r.status).toBe(204);
        expect(r.text).toBe("");
        expectError(await send(okta.getGroup(groupId)), 404);
        expectList(await send(okta.findGroup(groupName)), 0);
        const cidNow = await send(okta.getUser(ids.Cid!));
        expect(cidNow.status).toBe(200);
        expect(groupIds(cidNow.body)).toEqual([]);
      },
    );
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe("OneLogin (SCIM Provisioner with SAML, SCIM v2 Enterprise: PUT for users, PATCH for groups)", () => {
    let t: Tenant;
    beforeAll(async () => {
      t = await provisionedTenant(suite.app, "Globex");
    });

    const send = sender(() => t, { Accept: "application/json" }, "application/json");
    /** The connector's SCIM JSON template (SCIM v2 Enterprise) with OneLogin's values filled in. */
    const template = (p: Person, extra: { title: string; department: string; managerId: string }) => ({
      schemas: [USER, ENTERPRISE],
      userName: p.userName,
      name: { familyName: p.familyName, givenName: p.givenName },
      emails: [{ value: p.email, type: "work", primary: true }],
      title: extra.title,
      [ENTERPRISE]: { department: extra.department, manager: { value: extra.managerId } },
    });
    const onelogin = {
      /** Enabling the API connection: a userName OneLogin knows does not exist. */
      testConnection: (): Req => ({
        method: "GET",
        path: `/Users?filter=${enc(`userName eq "${randomUUID()}"`)}`,
      }),
      /** Refresh entitlements: the groups a role can be mapped to. */
      loadGroups: (): Req => ({ method: "GET", path: "/Groups?count=100&startIndex=1" }),
      findUser: (userName: string): Req => ({
        method: "GET",
        path: `/Users?filter=${enc(`userName eq "${userName}"`)}`,
      }),
      createUser: (body: Json): Req => ({
        method: "POST",
        path: "/Users",
        body: { ...obj(body), active: true },
      }),
      getUser: (id: string): Req => ({ method: "GET", path: `/Users/${id}` }),
      /** Every user update, including suspend and unsuspend, is a PUT of the whole template. */
      updateUser: (id: string, body: Json, active: boolean): Req => ({
        method: "PUT",
        path: `/Users/${id}`,
        body: { ...obj(body), active },
      }),
      deleteUser: (id: string): Req => ({ method: "DELETE", path: `/Users/${id}` }),
      createGroup: (displayName: string): Req => ({
        method: "POST",
        path: "/Groups",
        body: { displayName, schemas: [GROUP] },
      }),
      getGroup: (id: string): Req => ({ method: "GET", path: `/Groups/${id}` }),
      addMember: (groupId: string, userId: string): Req => ({
        method: "PATCH",
        path: `/Groups/${groupId}`,
        body: patchOp({ value: [{ value: userId }], op: "add", path: "members" }),
      }),
      removeMember: (groupId: string, userId: string): Req => ({
        method: "PATCH",
        path: `/Groups/${groupId}`,
        body: patchOp({ value: [{ value: userId }], op: "remove", path: "members" }),
      }),
      page: (startIndex: number): Req => ({
        method: "GET",
        path: `/Users?count=100&startIndex=${startIndex}`,
      }),
    };

    const dana: Person = {
      userName: `Dana.${s}@Globex.example`,
      givenName: "Dana",
      familyName: "Scully",
      email: `dana.${s}@globex.example`,
    };
    const eli: Person = {
      userName: `eli.${s}@globex.example`,
      givenName: "Eli",
      familyName: "Vance",
      email: `eli.${s}@globex.example`,
    };
    const danaProfile = { title: "Agent", department: "X-Files", managerId: "E-0042" };
    let danaId = "";
    let eliId = "";
    let roleGroupId = "";
    let existingGroupId = "";
    const roleName = `Globex Agents ${s}`;

    dbTest("enabling the API connection: filter on a non-existent userName → 200 with no users", async () => {
      const list = expectList(await send(onelogin.testConnection()), 0);
      expect(list).toEqual([]);
    });

    dbTest(
      "refresh entitlements: GET /Groups?count=100&startIndex=1 → 200 ListResponse of the groups",
      async () => {
        expectList(await send(onelogin.loadGroups()), 0);
        const pre = await call(t, "POST", "/Groups", { schemas: [GROUP], displayName: `Globex Field ${s}` });
        existingGroupId = expectResource(pre, 201);
        const list = expectList(await send(onelogin.loadGroups()), 1);
        expect(obj(list[0])).toMatchObject({ id: existingGroupId, displayName: `Globex Field ${s}` });
      },
    );

    dbTest(
      "provision: lookup by userName (empty), then POST the template → 201 with the id OneLogin keeps",
      async () => {
        expectList(await send(onelogin.findUser(dana.userName)), 0);
        const r = await send(onelogin.createUser(template(dana, danaProfile)));
        danaId = expectResource(r, 201);
        expect(r.body).toMatchObject({
          userName: dana.userName,
          name: { familyName: "Scully", givenName: "Dana" },
          emails: [{ value: dana.email, type: "work", primary: true }],
          title: "Agent",
          active: true,
          [ENTERPRISE]: { department: "X-Files", manager: { value: "E-0042" } },
        });
        const created = await send(
          onelogin.createUser(template(eli, { ...danaProfile, title: "Scientist" })),
        );
        eliId = expectResource(created, 201);
      },
    );

    dbTest("the next provisioning run finds the user by userName in any case", async () => {
      for (const variant of [dana.userName.toLowerCase(), dana.userName.toUpperCase()]) {
        const [found] = expectList(await send(onelogin.findUser(variant)), 1);
        expect(obj(found)).toMatchObject({ id: danaId, userName: dana.userName });
      }
    });

    dbTest(
      "role → group: POST /Groups with displayName and schemas only → 201; then add by PATCH",
      async () => {
        const r = await send(onelogin.createGroup(roleName));
        roleGroupId = expectResource(r, 201);
        expect(r.body.displayName).toBe(roleName);
        expectPatched(await send(onelogin.addMember(roleGroupId, danaId)));
        expectPatched(await send(onelogin.addMember(roleGroupId, eliId)));
        expectPatched(await send(onelogin.addMember(existingGroupId, danaId)));
        expect(memberIds((await send(onelogin.getGroup(roleGroupId))).body)).toEqual(sorted([danaId, eliId]));
        expect(groupIds((await send(onelogin.getUser(danaId))).body)).toEqual(
          sorted([roleGroupId, existingGroupId]),
        );
      },
    );

    dbTest(
      "update: PUT of the whole template with a new title → 200 with it; active and memberships kept",
      async () => {
        const r = await send(
          onelogin.updateUser(danaId, template(dana, { ...danaProfile, title: "Director" }), true),
        );
        expectResource(r, 200);
        expect(r.body).toMatchObject({ id: danaId, title: "Director", active: true });
        expect(obj(r.body[ENTERPRISE]).department).toBe("X-Files");
        expect(groupIds(r.body)).toEqual(sorted([roleGroupId, existingGroupId]));
      },
    );

    dbTest("role removed: PATCH remove path members with a value → only that member leaves", async () => {
      expectPatched(await send(onelogin.removeMember(roleGroupId, eliId)));
      expect(memberIds((await send(onelogin.getGroup(roleGroupId))).body)).toEqual([danaId]);
      expect(groupIds((await send(onelogin.getUser(eliId))).body)).toEqual([]);
    });

    dbTest(
      'suspend ("When users are deleted in OneLogin: Suspend"): PUT with active false → 200, inactive',
      async () => {
        const r = await send(
          onelogin.updateUser(eliId, template(eli, { ...danaProfile, title: "Scientist" }), false),
        );
        expectResource(r, 200);
        expect(r.body.active).toBe(false);
        expect((await send(onelogin.getUser(eliId))).body.active).toBe(false);
        const [found] = expectList(await send(onelogin.findUser(eli.userName)), 1);
        expect(obj(found).active).toBe(false);
      },
    );

    dbTest("unsuspend: PUT with active true → active again", async () => {
      const r = await send(
        onelogin.updateUser(eliId, template(eli, { ...danaProfile, title: "Scientist" }), true),
      );
      expectResource(r, 200);
      expect(r.body.active).toBe(true);
    });

    dbTest("sync: GET /Users?count=100&startIndex=1 lists both users with integer counters", async () => {
      const list = expectList(await send(onelogin.page(1)), 2);
      expect(sorted(list.map((u) => String(obj(u).id)))).toEqual(sorted([danaId, eliId]));
    });

    dbTest(
      'delete ("When users are deleted in OneLogin: Delete"): group removal, then DELETE → 204; 404 after',
      async () => {
        expectPatched(await send(onelogin.removeMember(roleGroupId, danaId)));
        const r = await send(onelogin.deleteUser(danaId));
        expect(r.status).toBe(204);
        expect(r.text).toBe("");
        expectError(await send(onelogin.getUser(danaId)), 404);
        expectList(await send(onelogin.findUser(dana.userName)), 0);
        // Still a member of the other group until the DELETE: gone from it with the user.
        expect(memberIds((await send(onelogin.getGroup(existingGroupId))).body)).toEqual([]);
      },
    );

    dbTest(
      "SCIM Base URL saved with a trailing slash: …//Users is answered directly, without a redirect",
      async () => {
        // OneLogin appends "/Users" to the base URL as typed (AWS's OneLogin guide warns about the slash).
        const base = `${t.tenantUrl}/`;
        const frankName = `frank.${s}@globex.example`;
        const found = await send({
          method: "GET",
          path: `${base}/Users?filter=${enc(`userName eq "${frankName}"`)}`,
        });
        expect(found.status).toBe(200);
        expectList(found, 0);
        const created = await send({
          method: "POST",
          path: `${base}/Users`,
          body: { ...template({ ...eli, userName: `slash.${s}@globex.example` }, danaProfile), active: true },
        });
        expectResource(created, 201);
      },
    );

    dbTest(
      "OneLogin's published Enterprise template sends emails as one object: accepted, read back as a list",
      async () => {
        const frank: Person = {
          userName: `frank.${s}@globex.example`,
          givenName: "Frank",
          familyName: "Black",
          email: `frank.${s}@globex.example`,
        };
        const body = {
          ...template(frank, danaProfile),
          emails: { value: frank.email, type: "work", primary: true },
        };
        const r = await send(onelogin.createUser(body));
        expectResource(r, 201);
        expect(r.body.emails).toEqual([{ value: frank.email, type: "work", primary: true }]);
      },
    );
  });

  // ───────────────────────────────────────────────────────────────────────────────────────────
  describe("JumpCloud (custom SCIM Identity Management: core attributes, groups by name)", () => {
    let t: Tenant;
    beforeAll(async () => {
      t = await provisionedTenant(suite.app, "Umbrella");
    });

    const send = sender(() => t, { Accept: "application/scim+json" });
    const jumpcloud = {
      findUser: (userName: string): Req => ({
        method: "GET",
        path: `/Users?filter=${enc(`userName eq "${userName}"`)}`,
      }),
      /** Core schema only (no extension schemas); the email carries no type. */
      createUser: (p: Person): Req => ({
        method: "POST",
        path: "/Users",
        body: {
          schemas: [USER],
          userName: p.userName,
          name: { givenName: p.givenName, familyName: p.familyName },
          displayName: `${p.givenName} ${p.familyName}`,
          emails: [{ value: p.email, primary: true }],
          active: true,
        },
      }),
      getUser: (id: string): Req => ({ method: "GET", path: `/Users/${id}` }),
      /** Attribute changes: one replace with a path per changed attribute. */
      updateUser: (id: string, changes: Record<string, unknown>): Req => ({
        method: "PATCH",
        path: `/Users/${id}`,
        body: patchOp(...Object.entries(changes).map(([path, value]) => ({ op: "replace", path, value }))),
      }),
      setActive: (id: string, active: boolean): Req => ({
        method: "PATCH",
        path: `/Users/${id}`,
        body: patchOp({ op: "replace", path: "active", value: active }),
      }),
      deleteUser: (id: string): Req => ({ method: "DELETE", path: `/Users/${id}` }),
      /** Existing groups are taken over when their name matches a JumpCloud user group. */
      findGroup: (displayName: string): Req => ({
        method: "GET",
        path: `/Groups?filter=${enc(`displayName eq "${displayName}"`)}`,
      }),
      /** Empty groups are never created: a group arrives with its first members. */
      createGroup: (displayName: string, members: string[]): Req => ({
        method: "POST",
        path: "/Groups",
        body: { schemas: [GROUP], displayName, members: members.map((value) => ({ value })) },
      }),
      getGroup: (id: string): Req => ({ method: "GET", path: `/Groups/${id}` }),
      addMembers: (id: string, members: string[]): Req => ({
        method: "PATCH",
        path: `/Groups/${id}`,
        body: patchOp({ op: "add", path: "members", value: members.map((value) => ({ value })) }),
      }),
      removeMembers: (id: string, members: string[]): Req => ({
        method: "PATCH",
        path: `/Groups/${id}`,
        body: patchOp({ op: "remove", path: "members", value: members.map((value) => ({ value })) }),
      }),
      renameGroup: (id: string, displayName: string): Req => ({
        method: "PATCH",
        path: `/Groups/${id}`,
        body: patchOp({ op: "replace", path: "displayName", value: displayName }),
      }),
      deleteGroup: (id: string): Req => ({ method: "DELETE", path: `/Groups/${id}` }),
    };

    const person = (given: string, family: string): Person => ({
      userName: `${given.toLowerCase()}.${s}@umbrella.example`,
      givenName: given,
      familyName: family,
      email: `${given.toLowerCase()}.${s}@umbrella.example`,
    });
    const jill = person("Jill", "Valentine");
    const chris = person("Chris", "Redfield");
    let jillId = "";
    let chrisId = "";
    let starsId = "";
    let existingId = "";
    const existingName = `Umbrella Engineering ${s}`;

    dbTest(
      "Test Connection: the test user and test group are created, then deleted (DELETE → 204, then 404)",
      async () => {
        const tester = person("Tester", "Connection");
        expectList(await send(jumpcloud.findUser(tester.userName)), 0);
        const user = await send(jumpcloud.createUser(tester));
        const userId = expectResource(user, 201);
        const group = await send(jumpcloud.createGroup(`JumpCloud test group ${s}`, [userId]));
        const groupId = expectResource(group, 201);
        expect(memberIds(group.body)).toEqual([userId]);
        const cleanup: [Req, Req][] = [
          [jumpcloud.deleteGroup(groupId), jumpcloud.getGroup(groupId)],
          [jumpcloud.deleteUser(userId), jumpcloud.getUser(userId)],
        ];
        for (const [del, get] of cleanup) {
          const r = await send(del);
          expect(r.status).toBe(204);
          expectError(await send(get), 404);
        }
        expectList(await send(jumpcloud.findUser(tester.userName)), 0);
      },
    );

    dbTest(
      "bind users: lookup by userName (empty), then POST → 201; an email without a type is kept as sent",
      async () => {
        for (const p of [jill, chris]) {
          expectList(await send(jumpcloud.findUser(p.userName)), 0);
          const r = await send(jumpcloud.createUser(p));
          const id = expectResource(r, 201);
          expect(r.body).toMatchObject({ userName: p.userName, active: true });
          expect(r.body.emails).toEqual([{ value: p.email, primary: true }]);
          if (p === jill) jillId = id;
          else chrisId = id;
        }
        const [found] = expectList(await send(jumpcloud.findUser(jill.userName.toUpperCase())), 1);
        expect(obj(found).id).toBe(jillId);
      },
    );

    dbTest(
      "group sync: a new group is looked up by name (none), then POSTed with its members → 201",
      async () => {
        const name = `S.T.A.R.S. ${s}`;
        expectList(await send(jumpcloud.findGroup(name)), 0);
        const r = await send(jumpcloud.createGroup(name, [jillId]));
        starsId = expectResource(r, 201);
        expect(memberIds(r.body)).toEqual([jillId]);
      },
    );

    dbTest(
      "takeover: an existing group with the same name is found by displayName and its members added",
      async () => {
        const pre = await call(t, "POST", "/Groups", { schemas: [GROUP], displayName: existingName });
        existingId = expectResource(pre, 201);
        const [found] = expectList(await send(jumpcloud.findGroup(existingName)), 1);
        expect(obj(found).id).toBe(existingId);
        expectPatched(await send(jumpcloud.addMembers(existingId, [jillId, chrisId])));
        expect(memberIds((await send(jumpcloud.getGroup(existingId))).body)).toEqual(
          sorted([jillId, chrisId]),
        );
      },
    );

    dbTest(
      "membership: add Chris to the new group, remove Jill by path members with a value → only Jill leaves",
      async () => {
        expectPatched(await send(jumpcloud.addMembers(starsId, [chrisId])));
        expectPatched(await send(jumpcloud.removeMembers(starsId, [jillId])));
        expect(memberIds((await send(jumpcloud.getGroup(starsId))).body)).toEqual([chrisId]);
        expect(groupIds((await send(jumpcloud.getUser(jillId))).body)).toEqual([existingId]);
      },
    );

    dbTest("rename: PATCH replace path displayName → the new name, members unchanged", async () => {
      const renamed = `STARS Alpha ${s}`;
      expectPatched(await send(jumpcloud.renameGroup(starsId, renamed)));
      const g = await send(jumpcloud.getGroup(starsId));
      expect(g.body.displayName).toBe(renamed);
      expect(memberIds(g.body)).toEqual([chrisId]);
    });

    dbTest(
      "attribute change: PATCH replace name.givenName / name.familyName / displayName → applied, rest kept",
      async () => {
        const r = await send(
          jumpcloud.updateUser(jillId, {
            "name.givenName": "Jill",
            "name.familyName": "Valentine-Redfield",
            displayName: "Jill Valentine-Redfield",
          }),
        );
        expectPatched(r);
        const read = await send(jumpcloud.getUser(jillId));
        expect(read.body).toMatchObject({
          name: { givenName: "Jill", familyName: "Valentine-Redfield" },
          displayName: "Jill Valentine-Redfield",
          emails: [{ value: jill.email, primary: true }],
          active: true,
        });
      },
    );

    dbTest(
      "group disassociated / user suspended: members are deactivated (active false), then reactivated",
      async () => {
        for (const id of [jillId, chrisId]) {
          const r = await send(jumpcloud.setActive(id, false));
          expectPatched(r);
          if (r.status === 200) expect(r.body.active).toBe(false);
          expect((await send(jumpcloud.getUser(id))).body.active).toBe(false);
        }
        expectPatched(await send(jumpcloud.setActive(chrisId, true)));
        expect((await send(jumpcloud.getUser(chrisId))).body.active).toBe(true);
        // The disassociated group is left as it is.
        expect(memberIds((await send(jumpcloud.getGroup(existingId))).body)).toEqual(
          sorted([jillId, chrisId]),
        );
      },
    );

    dbTest("a managed group deleted in JumpCloud: DELETE → 204, then 404; its users remain", async () => {
      const r = await send(jumpcloud.deleteGroup(starsId));
      expect(r.status).toBe(204);
      expectError(await send(jumpcloud.getGroup(starsId)), 404);
      const chrisNow = await send(jumpcloud.getUser(chrisId));
      expect(chrisNow.status).toBe(200);
      expect(groupIds(chrisNow.body)).toEqual([existingId]);
    });

    dbTest("a user deleted in JumpCloud: DELETE → 204, then 404, and gone from its groups", async () => {
      const r = await send(jumpcloud.deleteUser(jillId));
      expect(r.status).toBe(204);
      expectError(await send(jumpcloud.getUser(jillId)), 404);
      expect(memberIds((await send(jumpcloud.getGroup(existingId))).body)).toEqual([chrisId]);
      expect(arr((await send(jumpcloud.findUser(jill.userName))).body.Resources ?? [])).toEqual([]);
    });
  });
});
