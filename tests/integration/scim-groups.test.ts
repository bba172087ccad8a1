/**
 * SCIM /Groups as Entra ID and RFC 7643/7644 clients call it: create, read, projection, filters,
 * paging, .search, uniqueness, PUT, every membership PATCH shape of /work/shared/ENTRA-SCIM.md,
 * member validation and atomicity, the user's read-only groups, deletes, concurrent PATCHes,
 * tenant isolation and discovery.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect } from "vitest";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import {
  GROUP,
  LIST,
  SCIM_JSON,
  arr,
  call,
  expectError,
  groupIds,
  hex,
  memberIds,
  obj,
  q,
  resources,
  sorted,
  version,
  type Json,
  type Reply,
  type Tenant,
} from "../support/scim-client";
import {
  createdId,
  groupBody,
  patchOp,
  removeMember,
  removeOp,
  searchBody,
  userBody,
} from "../support/scim-requests";

type Group = Json & { id: string };

/** A group with its members in a stable order, for comparing two representations. */
const byValue = (a: unknown, b: unknown) => String(obj(a).value).localeCompare(String(obj(b).value));
const normal = (g: Json): Json => ({ ...g, members: g.members && [...arr(g.members)].sort(byValue) });

describeEachDatabase("SCIM /Groups on %s", { other: "Fabrikam" }, (suite) => {
  const patch = (id: string, ops: Json[], query = "") =>
    suite.scim("PATCH", `/Groups/${id}${query}`, patchOp(...ops));
  const s = hex();

  const newUser = async (tenant: Tenant = suite.tenant, label = "user"): Promise<string> =>
    createdId(
      await call(
        tenant,
        "POST",
        "/Users",
        userBody({ userName: `${label}-${hex()}@groups.example`, displayName: `${label} ${s}` }),
      ),
    );
  const newGroup = async (members: string[] = [], extra: Json = {}): Promise<Group> => {
    const r = await suite.scim("POST", "/Groups", groupBody(`Group ${hex()} ${s}`, members, extra));
    return { ...r.body, id: createdId(r) };
  };
  const getOk = async (path: string): Promise<Json> => {
    const r = await suite.scim("GET", path);
    expect(r.status).toBe(200);
    return r.body;
  };
  const getGroup = (id: string) => getOk(`/Groups/${id}`);
  const membersOf = async (id: string) => memberIds(await getGroup(id));
  const expect204 = (r: Reply) => {
    expect(r.status).toBe(204);
    expect(r.text).toBe("");
  };
  const listIds = async (filter: string, tenant: Tenant = suite.tenant) => {
    const r = await call(tenant, "GET", `/Groups?${q(filter)}&count=100`);
    expect(r.status).toBe(200);
    expect(r.body.schemas).toEqual([LIST]);
    return sorted(resources(r).map((g) => String(g.id)));
  };

  let u1 = "";
  let u2 = "";
  let u3 = "";
  let u4 = "";
  let foreignUser = "";
  beforeAll(async () => {
    u1 = await newUser(suite.tenant, "u1");
    u2 = await newUser(suite.tenant, "u2");
    u3 = await newUser(suite.tenant, "u3");
    u4 = await newUser(suite.tenant, "u4");
    foreignUser = await newUser(suite.other, "foreign");
  });

  describe("create and read", () => {
    const displayName = `Sales ${s}`;
    const externalId = randomUUID();
    let sales: Group;

    dbTest("POST → 201 with id, displayName, externalId, typed members, meta and ETag", async ({ scim }) => {
      const r = await scim("POST", "/Groups", groupBody(displayName, [u1, u2], { externalId }));
      expect(r.status).toBe(201);
      expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
      sales = { ...r.body, id: String(r.body.id) };
      expect(r.body).toMatchObject({ id: expect.any(String), displayName, externalId });
      expect(r.body.schemas).toContain(GROUP);
      expect(memberIds(r.body)).toEqual(sorted([u1, u2]));
      for (const m of arr(r.body.members).map(obj)) {
        expect(m.type).toBe("User");
        expect(String(m.$ref).endsWith(`/Users/${String(m.value)}`)).toBe(true);
        if (m.display !== undefined) expect(typeof m.display).toBe("string");
      }
      const meta = obj(r.body.meta);
      expect(meta).toMatchObject({ resourceType: "Group", version: expect.any(String) });
      expect(String(meta.location)).toMatch(new RegExp(`^https?://.*/Groups/${sales.id}$`));
      expect(r.headers.get("etag")).toBe(meta.version);
    });

    dbTest("GET /Groups/{id} returns the same representation and ETag", async ({ scim }) => {
      const r = await scim("GET", `/Groups/${sales.id}`);
      expect(r.status).toBe(200);
      expect(normal(r.body)).toEqual(normal(sales));
      expect(r.headers.get("etag")).toBe(version(sales));
    });

    dbTest(
      "excludedAttributes=members drops members only; attributes=displayName keeps id, schemas, displayName",
      async ({ scim }) => {
        const ex = await scim("GET", `/Groups/${sales.id}?excludedAttributes=members`);
        expect(ex.status).toBe(200);
        expect("members" in ex.body).toBe(false);
        expect(ex.body).toMatchObject({ id: sales.id, displayName, externalId });
        const only = await scim("GET", `/Groups/${sales.id}?attributes=displayName`);
        expect(only.status).toBe(200);
        expect(Object.keys(only.body).sort()).toEqual(["displayName", "id", "schemas"]);
        expect(only.body.displayName).toBe(displayName);
      },
    );

    dbTest("filters displayName eq case-insensitively, with excludedAttributes=members", async ({ scim }) => {
      for (const name of [displayName, displayName.toUpperCase(), displayName.toLowerCase()]) {
        const r = await scim("GET", `/Groups?${q(`displayName eq "${name}"`)}&excludedAttributes=members`);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
        const [found] = resources(r);
        expect(found).toMatchObject({ id: sales.id, displayName });
        expect("members" in (found ?? {})).toBe(false);
      }
      expect(await listIds(`displayName eq "${displayName} nope"`)).toEqual([]);
    });

    dbTest("filters externalId eq and id eq", async () => {
      expect(await listIds(`externalId eq "${externalId}"`)).toEqual([sales.id]);
      expect(await listIds(`id eq "${sales.id}"`)).toEqual([sales.id]);
      expect(await listIds(`id eq "${randomUUID()}"`)).toEqual([]);
    });

    dbTest.for(['displayName xx "a"', "displayName eq", "((", 'displayName eq "a" and'])(
      "answers the filter %s with 400 invalidFilter",
      async (filter, { scim }) => {
        expectError(await scim("GET", `/Groups?${q(filter)}`), 400, "invalidFilter");
      },
    );

    dbTest(
      "filters members.value eq (the groups a user is in) and pages it with startIndex and count",
      async ({ scim }) => {
        const user = await newUser();
        const ids: string[] = [(await newGroup([user, u3])).id];
        for (let i = 0; i < 4; i++) ids.push((await newGroup([user])).id);
        await newGroup([u3]);
        expect(await listIds(`members.value eq "${user}"`)).toEqual(sorted(ids));
        const seen: string[] = [];
        for (const startIndex of [1, 3, 5]) {
          const r = await scim(
            "GET",
            `/Groups?${q(`members.value eq "${user}"`)}&startIndex=${startIndex}&count=2`,
          );
          expect(r.status).toBe(200);
          const itemsPerPage = startIndex === 5 ? 1 : 2;
          expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 5, itemsPerPage, startIndex });
          seen.push(...resources(r).map((g) => String(g.id)));
        }
        expect(seen).toHaveLength(5);
        expect(sorted(seen)).toEqual(sorted(ids));
      },
    );

    dbTest("POST /Groups/.search takes a SearchRequest body", async ({ scim }) => {
      const r = await scim(
        "POST",
        "/Groups/.search",
        searchBody({
          filter: `displayName eq "${displayName.toUpperCase()}"`,
          attributes: ["displayName"],
          startIndex: 1,
          count: 10,
        }),
      );
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 1, itemsPerPage: 1, startIndex: 1 });
      const [found] = resources(r);
      expect(Object.keys(found ?? {}).sort()).toEqual(["displayName", "id", "schemas"]);
      expect(found?.id).toBe(sales.id);
    });

    dbTest(
      "refuses a duplicate displayName in any case with 409 uniqueness; another tenant may use it",
      async ({ scim, otherScim }) => {
        for (const name of [displayName, displayName.toUpperCase()]) {
          expectError(await scim("POST", "/Groups", groupBody(name)), 409, "uniqueness");
        }
        expect(await listIds(`displayName eq "${displayName}"`)).toEqual([sales.id]);
        const elsewhere = await otherScim("POST", "/Groups", groupBody(displayName));
        expect(elsewhere.status).toBe(201);
        expect(elsewhere.body.id).not.toBe(sales.id);
      },
    );

    dbTest("refuses renaming another group onto the name by PATCH with 409 uniqueness", async () => {
      const g = await newGroup();
      const r = await patch(g.id, [{ op: "Replace", path: "displayName", value: displayName.toLowerCase() }]);
      expectError(r, 409, "uniqueness");
      expect((await getGroup(g.id)).displayName).toBe(g.displayName);
    });
  });

  describe("PUT", () => {
    dbTest("replaces displayName, externalId and members", async ({ scim }) => {
      const g = await newGroup([u1, u2], { externalId: `before-${s}` });
      const [displayName, externalId] = [`Put ${hex()}`, `after-${hex()}`];
      const r = await scim("PUT", `/Groups/${g.id}`, groupBody(displayName, [u3], { externalId }));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: g.id, displayName, externalId });
      expect(memberIds(r.body)).toEqual([u3]);
      expect(version(r.body)).not.toBe(version(g));
      expect(normal(await getGroup(g.id))).toEqual(normal(r.body));
    });
  });

  describe("PATCH membership shapes", () => {
    dbTest(
      "Add with several members → 204 with no body; re-adding an existing member is a no-op",
      async () => {
        const g = await newGroup();
        expect204(
          await patch(g.id, [
            { op: "Add", path: "members", value: [{ $ref: null, value: u1 }, { value: u2 }] },
          ]),
        );
        const after = await getGroup(g.id);
        expect(memberIds(after)).toEqual(sorted([u1, u2]));
        expect(version(after)).not.toBe(version(g));
        expect204(await patch(g.id, [{ op: "add", path: "members", value: [{ value: u1 }] }]));
        expect(await membersOf(g.id)).toEqual(sorted([u1, u2]));
      },
    );

    dbTest.each([
      [
        "Remove path members with a value",
        () => [{ op: "Remove", path: "members", value: [{ $ref: null, value: u1 }] }],
        () => [u2, u3],
      ],
      [
        'remove path members[value eq "…"]',
        () => [{ op: "remove", path: `members[value eq "${u2}"]` }],
        () => [u1, u3],
      ],
      [
        "Replace path members",
        () => [{ op: "Replace", path: "members", value: [{ value: u3 }, { value: u4 }] }],
        () => [u3, u4],
      ],
      ["a bare remove of members", () => [{ op: "remove", path: "members" }], () => []],
    ])("%s → 204 and changes only the named members", async (_label, ops, expected) => {
      const g = await newGroup([u1, u2, u3]);
      expect204(await patch(g.id, ops()));
      expect(await membersOf(g.id)).toEqual(sorted(expected()));
    });

    dbTest("removing a non-member, by either shape, is a no-op with 204", async () => {
      const g = await newGroup([u1]);
      expect204(await patch(g.id, [{ op: "Remove", path: "members", value: [{ value: u2 }] }]));
      expect204(await patch(g.id, [{ op: "REMOVE", path: `members[value eq "${u3}"]` }]));
      expect(await membersOf(g.id)).toEqual([u1]);
    });

    dbTest("Replace displayName by path and a no-path replace of displayName and externalId", async () => {
      const g = await newGroup([u1]);
      const first = `Renamed ${hex()}`;
      expect204(await patch(g.id, [{ op: "Replace", path: "displayName", value: first }]));
      expect((await getGroup(g.id)).displayName).toBe(first);
      const second = `Renamed again ${hex()}`;
      const externalId = randomUUID();
      expect204(await patch(g.id, [{ op: "replace", value: { displayName: second, externalId } }]));
      const got = await getGroup(g.id);
      expect(got).toMatchObject({ displayName: second, externalId });
      expect(memberIds(got)).toEqual([u1]);
      expect(await listIds(`externalId eq "${externalId}"`)).toEqual([g.id]);
    });

    dbTest("answers 200 with the projected resource when ?attributes= is given", async () => {
      const g = await newGroup([u1]);
      const r = await patch(
        g.id,
        [{ op: "Add", path: "members", value: [{ value: u2 }] }],
        "?attributes=displayName",
      );
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
      expect(Object.keys(r.body).sort()).toEqual(["displayName", "id", "schemas"]);
      expect(r.body).toMatchObject({ id: g.id, displayName: g.displayName });
      expect(await membersOf(g.id)).toEqual(sorted([u1, u2]));
    });
  });

  describe("member validation", () => {
    const unknown = randomUUID();
    dbTest.each([
      ["an unknown user id", () => unknown],
      ["another tenant's user id", () => foreignUser],
    ])("PATCH adding %s → 400 invalidValue and nothing of the request applied", async (_label, bad) => {
      const g = await newGroup([u1]);
      for (const ops of [
        [{ op: "Add", path: "members", value: [{ value: u2 }, { value: bad() }] }],
        [{ op: "Replace", path: "members", value: [{ value: u3 }, { value: bad() }] }],
        [
          { op: "Replace", path: "displayName", value: `Changed ${hex()}` },
          { op: "Add", path: "members", value: [{ value: bad() }] },
        ],
      ])
        expectError(await patch(g.id, ops), 400, "invalidValue");
      const after = await getGroup(g.id);
      expect(memberIds(after)).toEqual([u1]);
      expect(after.displayName).toBe(g.displayName);
      expect(version(after)).toBe(version(g));
    });

    dbTest(
      "POST and PUT with another tenant's user → 400 invalidValue, nothing written",
      async ({ scim }) => {
        const displayName = `Foreign ${hex()}`;
        const post = await scim("POST", "/Groups", groupBody(displayName, [u1, foreignUser]));
        expectError(post, 400, "invalidValue");
        expect(await listIds(`displayName eq "${displayName}"`)).toEqual([]);
        const g = await newGroup([u1]);
        const put = await scim("PUT", `/Groups/${g.id}`, groupBody(displayName, [foreignUser]));
        expectError(put, 400, "invalidValue");
        const after = await getGroup(g.id);
        expect(after.displayName).toBe(g.displayName);
        expect(memberIds(after)).toEqual([u1]);
      },
    );
  });

  describe("the user's read-only groups and deletes", () => {
    dbTest(
      "GET /Users/{id} lists the user's groups with value and display, and drops a group after removal",
      async () => {
        const user = await newUser();
        const a = await newGroup([user]);
        const b = await newGroup([user, u1]);
        const before = await getOk(`/Users/${user}`);
        expect(groupIds(before)).toEqual(sorted([a.id, b.id]));
        expect(arr(before.groups)).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ value: a.id, display: a.displayName }),
            expect.objectContaining({ value: b.id, display: b.displayName }),
          ]),
        );
        expect204(await patch(a.id, [removeMember(user)]));
        expect(groupIds(await getOk(`/Users/${user}`))).toEqual([b.id]);
      },
    );

    dbTest("deleting a user removes it from every group", async ({ scim }) => {
      const user = await newUser();
      const a = await newGroup([user, u1]);
      const b = await newGroup([user]);
      expect204(await scim("DELETE", `/Users/${user}`));
      expect(await membersOf(a.id)).toEqual([u1]);
      expect(await membersOf(b.id)).toEqual([]);
      expect(await listIds(`members.value eq "${user}"`)).toEqual([]);
    });

    dbTest("deleting a group → 204, then 404; its users remain and no longer list it", async ({ scim }) => {
      const x = await newUser();
      const y = await newUser();
      const keep = await newGroup([x]);
      const g = await newGroup([x, y]);
      expect204(await scim("DELETE", `/Groups/${g.id}`));
      expectError(await scim("GET", `/Groups/${g.id}`), 404);
      expectError(await scim("DELETE", `/Groups/${g.id}`), 404);
      expect(await listIds(`displayName eq "${String(g.displayName)}"`)).toEqual([]);
      expect(groupIds(await getOk(`/Users/${x}`))).toEqual([keep.id]);
      expect(groupIds(await getOk(`/Users/${y}`))).toEqual([]);
    });
  });

  describe("concurrency", () => {
    dbTest(
      "32 concurrent PATCHes each adding a different user all succeed and lose no membership",
      async ({ tenant }) => {
        const users: string[] = [];
        for (let i = 0; i < 32; i++) users.push(await newUser(tenant, `c${i}`));
        const g = await newGroup();
        const replies = await Promise.all(
          users.map((u) => patch(g.id, [{ op: "Add", path: "members", value: [{ value: u }] }])),
        );
        expect(replies.map((r) => r.status)).toEqual(users.map(() => 204));
        expect(await membersOf(g.id)).toEqual(sorted(users));
      },
    );

    dbTest("concurrent add and remove of one member, then a final add, leaves it exactly once", async () => {
      const user = await newUser();
      const g = await newGroup([u1]);
      const add = () => patch(g.id, [{ op: "Add", path: "members", value: [{ value: user }] }]);
      const remove = () => patch(g.id, [{ op: "Remove", path: "members", value: [{ value: user }] }]);
      for (let round = 0; round < 5; round++) {
        const replies = await Promise.all([add(), remove(), add(), remove()]);
        expect(replies.map((r) => r.status)).toEqual([204, 204, 204, 204]);
      }
      expect204(await add());
      expect(await membersOf(g.id)).toEqual(sorted([u1, user]));
      expect(await listIds(`members.value eq "${user}"`)).toEqual([g.id]);
    });
  });

  describe("tenant isolation", () => {
    let g: Group;
    beforeAll(async () => {
      g = await newGroup([u1], { externalId: `iso-${s}` });
    });
    const bodies: Record<string, Json> = {
      PATCH: patchOp(removeOp("members")),
      PUT: groupBody("Hijacked", []),
    };

    dbTest.for(["GET", "PATCH", "PUT", "DELETE"])(
      "%s of this tenant's group with another token → 404",
      async (method, { app, otherScim }) => {
        expectError(await otherScim(method, `/Groups/${g.id}`, bodies[method]), 404);
        expectError(await otherScim(method, `${app.url}/api/scim/v2/Groups/${g.id}`, bodies[method]), 404);
        const still = await getGroup(g.id);
        expect(still.displayName).toBe(g.displayName);
        expect(memberIds(still)).toEqual([u1]);
      },
    );

    dbTest(
      "the other tenant's filters and lists never see this tenant's groups",
      async ({ other, otherScim }) => {
        for (const filter of [
          `displayName eq "${String(g.displayName)}"`,
          `externalId eq "iso-${s}"`,
          `id eq "${g.id}"`,
          `members.value eq "${u1}"`,
        ])
          expect(await listIds(filter, other)).toEqual([]);
        const all = await otherScim("GET", "/Groups?count=1000");
        expect(all.status).toBe(200);
        expect(resources(all).map((x) => x.id)).not.toContain(g.id);
        const search = await otherScim(
          "POST",
          "/Groups/.search",
          searchBody({ filter: `displayName eq "${String(g.displayName)}"` }),
        );
        expect(search.status).toBe(200);
        expect(search.body.totalResults).toBe(0);
      },
    );
  });

  describe("discovery", () => {
    dbTest("/ResourceTypes lists Group at /Groups with the core Group schema", async ({ scim }) => {
      const r = await scim("GET", "/ResourceTypes");
      expect(r.status).toBe(200);
      expect(resources(r).find((x) => x.name === "Group")).toMatchObject({
        endpoint: "/Groups",
        schema: GROUP,
      });
    });

    dbTest("/Schemas/{core Group} describes displayName and members", async ({ scim }) => {
      const r = await scim("GET", `/Schemas/${GROUP}`);
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(GROUP);
      const attrs = new Map(arr(r.body.attributes).map((a) => [String(obj(a).name), obj(a)]));
      expect(attrs.get("displayName")).toMatchObject({ type: "string", multiValued: false });
      expect(attrs.get("members")).toMatchObject({
        type: "complex",
        multiValued: true,
        subAttributes: expect.arrayContaining([expect.objectContaining({ name: "value" })]),
      });
      const list = await scim("GET", "/Schemas");
      expect(resources(list).map((x) => x.id)).toContain(GROUP);
    });
  });
});
