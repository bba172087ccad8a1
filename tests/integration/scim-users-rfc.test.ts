/**
 * SCIM /Users per RFC 7643 (schema) and RFC 7644 (protocol): retrieval, paging, sorting, attribute
 * projection, .search, the filter grammar, PUT, ETags, PATCH atomicity, bad input, tenant isolation
 * and the discovery endpoints.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect } from "vitest";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import {
  ENTERPRISE,
  LIST,
  PATCH_OP,
  SCIM_JSON,
  UNIFLOW,
  USER,
  expectError,
  hex,
  obj,
  q,
  resources,
  version,
  type Json,
} from "../support/scim-client";
import { createdId, patchOp, replaceOp, searchBody, userBody } from "../support/scim-requests";

type User = Json & { id: string };

/** A valid body for each method, so that only the id decides the answer. */
function bodyFor(method: string, userName: string): Json | undefined {
  if (method === "PATCH") return patchOp(replaceOp("displayName", "Hijacked"));
  return method === "PUT" ? userBody({ userName, displayName: "Hijacked" }) : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase("SCIM /Users per RFC 7643/7644 on %s", { other: "Fabrikam" }, (suite) => {
  const patch = (id: string, ops: Json[], headers?: Record<string, string>) =>
    suite.scim("PATCH", `/Users/${id}`, patchOp(...ops), headers);
  const create = async (body: Json): Promise<User> => {
    const r = await suite.scim("POST", "/Users", userBody(body));
    return { ...r.body, id: createdId(r) };
  };
  const countOf = async (filter: string) => {
    const r = await suite.scim("GET", `/Users?${q(filter)}`);
    expect(r.status).toBe(200);
    return r.body.totalResults;
  };

  describe("retrieving one user", () => {
    dbTest("GET /Users/{id} returns the created resource with its ETag", async ({ scim }) => {
      const u = await create({ userName: `get-${hex()}@rfc.example`, displayName: "Get Me" });
      const r = await scim("GET", `/Users/${u.id}`);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
      expect(r.body).toEqual(u);
      expect(r.headers.get("etag")).toBe(version(u));
    });

    dbTest("POST answers with a Location header equal to meta.location", async ({ scim }) => {
      const r = await scim("POST", "/Users", userBody({ userName: `loc-${hex()}@rfc.example` }));
      expect(r.status).toBe(201);
      expect(r.headers.get("location")).toBe(obj(r.body.meta).location);
    });

    dbTest.for(["GET", "PATCH", "PUT", "DELETE"])("%s of an unknown id → 404", async (method, { scim }) => {
      expectError(
        await scim(method, `/Users/${randomUUID()}`, bodyFor(method, `ghost-${hex()}@rfc.example`)),
        404,
      );
    });
  });

  describe("paging and sorting", () => {
    const prefix = `pg${hex()}`;
    const names = [5, 2, 7, 1, 4, 6, 3].map((n) => `${prefix}-u${n}@rfc.example`);
    const scope = q(`userName sw "${prefix}"`);
    let ids: string[] = [];
    const page = (params: string) => suite.scim("GET", `/Users?${scope}&${params}`);

    beforeAll(async () => {
      ids = [];
      for (const userName of names) ids.push((await create({ userName })).id);
    });

    dbTest(
      "returns 1-based, non-overlapping, stable pages with totalResults, itemsPerPage and startIndex",
      async () => {
        const seen: string[] = [];
        for (const startIndex of [1, 4, 7]) {
          const size = startIndex === 7 ? 1 : 3;
          const r = await page(`startIndex=${startIndex}&count=3`);
          expect(r.status).toBe(200);
          expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 7, itemsPerPage: size, startIndex });
          const pageIds = resources(r).map((u) => String(u.id));
          expect(pageIds).toHaveLength(size);
          expect(resources(await page(`startIndex=${startIndex}&count=3`)).map((u) => u.id)).toEqual(pageIds);
          seen.push(...pageIds);
        }
        expect(new Set(seen).size).toBe(7);
        expect([...seen].sort()).toEqual([...ids].sort());
        expect(resources(await page("count=7")).map((u) => u.id)).toEqual(seen);
      },
    );

    dbTest("count=0 gives totalResults and no Resources", async () => {
      const r = await page("count=0");
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ totalResults: 7, itemsPerPage: 0 });
      expect(r.body.Resources ?? []).toEqual([]);
    });

    dbTest("treats startIndex below 1 as 1 and answers an empty page past the end", async () => {
      const first = await page("startIndex=0&count=2");
      expect(first.body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 7 });
      const past = await page("startIndex=20&count=5");
      expect(past.status).toBe(200);
      expect(past.body).toMatchObject({ totalResults: 7, itemsPerPage: 0 });
      expect(past.body.Resources ?? []).toEqual([]);
    });

    dbTest("sorts by userName ascending by default and descending on request", async () => {
      const asc = await page("sortBy=userName");
      expect(resources(asc).map((u) => u.userName)).toEqual([...names].sort());
      const desc = await page("sortBy=userName&sortOrder=descending");
      expect(resources(desc).map((u) => u.userName)).toEqual([...names].sort().reverse());
      const secondPage = await page("sortBy=userName&sortOrder=descending&startIndex=4&count=3");
      expect(resources(secondPage).map((u) => u.userName)).toEqual([...names].sort().reverse().slice(3, 6));
    });
  });

  describe("attributes and excludedAttributes", () => {
    let u: User;
    beforeAll(async () => {
      u = await create({
        schemas: [USER, ENTERPRISE],
        userName: `attr-${hex()}@rfc.example`,
        displayName: "Attr User",
        name: { givenName: "Attr", familyName: "User" },
        emails: [{ type: "work", value: "attr@rfc.example" }],
        [ENTERPRISE]: { department: "Finance", employeeNumber: "7" },
      });
    });

    dbTest(
      "attributes=userName returns only id, schemas and userName, on lists and on GET by id",
      async ({ scim }) => {
        const list = await scim(
          "GET",
          `/Users?${q(`userName eq "${String(u.userName)}"`)}&attributes=userName`,
        );
        expect(list.status).toBe(200);
        const [found] = resources(list);
        expect(Object.keys(found ?? {}).sort()).toEqual(["id", "schemas", "userName"]);
        expect(found).toMatchObject({ id: u.id, userName: u.userName });
        const one = await scim("GET", `/Users/${u.id}?attributes=userName`);
        expect(Object.keys(one.body).sort()).toEqual(["id", "schemas", "userName"]);
      },
    );

    dbTest("attributes accepts sub-attributes and URN-qualified extension attributes", async ({ scim }) => {
      const attrs = encodeURIComponent(`name.givenName,${ENTERPRISE}:department`);
      const r = await scim("GET", `/Users/${u.id}?attributes=${attrs}`);
      expect(r.status).toBe(200);
      expect(r.body.name).toEqual({ givenName: "Attr" });
      expect(r.body[ENTERPRISE]).toEqual({ department: "Finance" });
      expect(r.body.displayName).toBeUndefined();
      expect(r.body.id).toBe(u.id);
    });

    dbTest("excludedAttributes=emails drops emails only, and never drops id", async ({ scim }) => {
      const r = await scim("GET", `/Users/${u.id}?excludedAttributes=emails,id`);
      expect(r.status).toBe(200);
      expect(r.body.emails).toBeUndefined();
      expect(r.body).toMatchObject({ id: u.id, userName: u.userName, displayName: "Attr User" });
    });
  });

  describe("filters", () => {
    const P = `flt${hex()}`;
    let anna: User, bob: User, carl: User;
    let t0 = "";
    beforeAll(async () => {
      anna = await create({
        schemas: [USER, ENTERPRISE],
        userName: `${P}-anna@x.example`,
        displayName: "Anna Berg",
        title: "Engineer",
        active: true,
        emails: [{ type: "work", value: `anna-${P}@x.example` }],
        [ENTERPRISE]: { department: "Sales", employeeNumber: "100" },
      });
      bob = await create({
        schemas: [USER, ENTERPRISE],
        userName: `${P}-bob@y.example`,
        displayName: "Bob Stone",
        title: "Manager",
        active: false,
        emails: [
          { type: "work", value: `bob-${P}@y.example` },
          { type: "home", value: `bob-${P}@x.example` },
        ],
        [ENTERPRISE]: { department: "Support" },
      });
      carl = await create({
        schemas: [USER, ENTERPRISE],
        userName: `${P}-carl@x.example`,
        displayName: "Carl Diaz",
        active: true,
        emails: [{ type: "home", value: `carl-${P}@x.example` }],
        [ENTERPRISE]: { department: "Sales" },
      });
      t0 = String(obj(carl.meta).lastModified);
      await sleep(1100);
      const r = await patch(bob.id, [replaceOp(`${ENTERPRISE}:employeeNumber`, "200")]);
      expect(r.status).toBe(200);
    });

    const idsOf = async (filter: string) => {
      const r = await suite.scim("GET", `/Users?${q(`userName sw "${P}" and (${filter})`)}&count=100`);
      expect(r.status).toBe(200);
      return resources(r)
        .map((u) => String(u.id))
        .sort();
    };
    const expected = (...users: User[]) => users.map((u) => u.id).sort();

    dbTest.each([
      ["eq", () => `userName eq "${P}-anna@x.example"`, () => [anna]],
      ["ne", () => `displayName ne "Anna Berg"`, () => [bob, carl]],
      ["co", () => `displayName co "Ston"`, () => [bob]],
      ["sw", () => `displayName sw "Ca"`, () => [carl]],
      ["ew", () => `userName ew "@y.example"`, () => [bob]],
      ["pr", () => "title pr", () => [anna, bob]],
      ["gt", () => `userName gt "${P}-b"`, () => [bob, carl]],
      ["ge", () => `userName ge "${P}-bob@y.example"`, () => [bob, carl]],
      ["lt", () => `userName lt "${P}-b"`, () => [anna]],
      ["le", () => `userName le "${P}-bob@y.example"`, () => [anna, bob]],
      ["or", () => `title eq "Engineer" or title eq "Manager"`, () => [anna, bob]],
      ["not ( … )", () => "not (title pr)", () => [carl]],
      ["parentheses", () => `(displayName sw "A" or displayName sw "B") and active eq true`, () => [anna]],
      [
        "and binding tighter than or",
        () => `displayName sw "Anna" and title eq "Manager" or userName eq "${P}-carl@x.example"`,
        () => [carl],
      ],
      ["a complex value filter", () => `emails[type eq "work" and value co "@x"]`, () => [anna]],
      ["active eq true", () => "active eq true", () => [anna, carl]],
      [
        "a URN-qualified enterprise attribute",
        () => `${ENTERPRISE}:department eq "Sales"`,
        () => [anna, carl],
      ],
      ["meta.lastModified gt", () => `meta.lastModified gt "${t0}"`, () => [bob]],
    ])("supports %s", async (_label, filter, users) => {
      expect(await idsOf(filter())).toEqual(expected(...users()));
    });

    dbTest.for(["userName eq", 'userName xx "a"', "((", 'userName eq "a" and', 'emails[type eq "work"'])(
      "answers the unparseable filter %s with 400 invalidFilter",
      async (filter, { scim }) => {
        expectError(await scim("GET", `/Users?${q(filter)}`), 400, "invalidFilter");
      },
    );

    dbTest("POST /Users/.search takes a SearchRequest body", async ({ scim }) => {
      const r = await scim(
        "POST",
        "/Users/.search",
        searchBody({
          filter: `userName sw "${P}"`,
          sortBy: "userName",
          startIndex: 1,
          count: 2,
          attributes: ["userName"],
        }),
      );
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 3, itemsPerPage: 2, startIndex: 1 });
      const found = resources(r);
      expect(found.map((u) => u.id)).toEqual([anna.id, bob.id]);
      for (const u of found) expect(Object.keys(u).sort()).toEqual(["id", "schemas", "userName"]);
    });
  });

  describe("PUT", () => {
    dbTest(
      "replaces the resource: unsent attributes are removed, id and meta.created kept, version changed",
      async ({ scim }) => {
        const userName = `put-${hex()}@rfc.example`;
        const u = await create({
          schemas: [USER, UNIFLOW],
          userName,
          displayName: "Put Before",
          title: "Before",
          emails: [{ type: "work", value: "put@rfc.example" }],
          [UNIFLOW]: { cardNumber: "111" },
        });
        const r = await scim("PUT", `/Users/${u.id}`, userBody({ userName, displayName: "Put After" }));
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ id: u.id, userName, displayName: "Put After" });
        expect(r.body.title ?? null).toBeNull();
        expect(r.body.emails ?? []).toEqual([]);
        expect(r.body[UNIFLOW] ?? {}).toEqual({});
        expect(obj(r.body.meta).created).toBe(obj(u.meta).created);
        expect(version(r.body)).not.toBe(version(u));
        expect(r.headers.get("etag")).toBe(version(r.body));
        expect((await scim("GET", `/Users/${u.id}`)).body).toEqual(r.body);
      },
    );
  });

  describe("ETags", () => {
    dbTest(
      "refuses PUT, PATCH and DELETE with a stale If-Match (412) and changes nothing",
      async ({ scim }) => {
        const userName = `etag-${hex()}@rfc.example`;
        const u = await create({ userName, displayName: "v1" });
        const v2 = await patch(u.id, [replaceOp("displayName", "v2")]);
        expect(v2.status).toBe(200);
        const stale = { "If-Match": String(version(u)) };
        const put = await scim("PUT", `/Users/${u.id}`, userBody({ userName, displayName: "v3" }), stale);
        expectError(put, 412);
        expectError(await patch(u.id, [replaceOp("displayName", "v3")], stale), 412);
        expectError(await scim("DELETE", `/Users/${u.id}`, undefined, stale), 412);
        const after = await scim("GET", `/Users/${u.id}`);
        expect(after.status).toBe(200);
        expect(after.body.displayName).toBe("v2");
        expect(version(after.body)).toBe(version(v2.body));
        const fresh = { "If-Match": String(version(v2.body)) };
        expect((await patch(u.id, [replaceOp("displayName", "v3")], fresh)).status).toBe(200);
      },
    );

    dbTest(
      "answers GET with If-None-Match of the current version with 304, of a stale one with 200",
      async ({ scim }) => {
        const u = await create({ userName: `inm-${hex()}@rfc.example` });
        const r = await scim("GET", `/Users/${u.id}`, undefined, { "If-None-Match": String(version(u)) });
        expect(r.status).toBe(304);
        expect(r.text).toBe("");
        expect(
          (await scim("GET", `/Users/${u.id}`, undefined, { "If-None-Match": 'W/"stale"' })).status,
        ).toBe(200);
      },
    );
  });

  describe("PATCH atomicity", () => {
    dbTest.for<[string, Json]>([
      ["an unknown attribute path", replaceOp("nonexistentAttr", "x")],
      ["a bad op name", { op: "frobnicate", path: "title", value: "x" }],
      ["a wrongly typed value", replaceOp("active", "maybe")],
    ])("a valid op followed by %s → 400 and the first op is not applied", async ([_label, bad], { scim }) => {
      const u = await create({ userName: `atom-${hex()}@rfc.example`, displayName: "Before", title: "T" });
      const r = await patch(u.id, [replaceOp("displayName", "After"), bad]);
      expectError(r, 400);
      const after = await scim("GET", `/Users/${u.id}`);
      expect(after.body.displayName).toBe("Before");
      expect(after.body.title).toBe("T");
      expect(version(after.body)).toBe(version(u));
    });

    dbTest("refuses a PATCH body without Operations", async ({ scim }) => {
      const u = await create({ userName: `noops-${hex()}@rfc.example` });
      expectError(await scim("PATCH", `/Users/${u.id}`, { schemas: [PATCH_OP] }), 400);
    });
  });

  describe("bad input", () => {
    dbTest("malformed JSON → 400 invalidSyntax and nothing written", async ({ scim }) => {
      const userName = `broken-${hex()}@rfc.example`;
      const r = await scim("POST", "/Users", `{"schemas":["${USER}"],"userName":"${userName}",`);
      expectError(r, 400, "invalidSyntax");
      expect(await countOf(`userName eq "${userName}"`)).toBe(0);
    });

    dbTest("a missing userName → 400 and nothing written", async ({ scim }) => {
      const displayName = `No Username ${hex()}`;
      expectError(await scim("POST", "/Users", userBody({ displayName })), 400);
      expect(await countOf(`displayName eq "${displayName}"`)).toBe(0);
    });

    dbTest.for<[string, Json]>([
      ["an empty userName", { userName: "" }],
      ["a numeric userName", { userName: 42 }],
      ['active "maybe"', { active: "maybe" }],
      ['emails "x"', { emails: "x" }],
      ['name "x"', { name: "x" }],
    ])("wrong types: %s → 400 and nothing written", async ([_label, override], { scim }) => {
      const userName = `types-${hex()}@rfc.example`;
      const r = await scim("POST", "/Users", userBody({ userName, displayName: userName, ...override }));
      expectError(r, 400);
      expect(await countOf(`displayName eq "${userName}"`)).toBe(0);
    });

    dbTest("never lets a client choose the id or meta on POST", async ({ scim }) => {
      const forged = `forged-${hex()}`;
      const userName = `ro-${hex()}@rfc.example`;
      const r = await scim(
        "POST",
        "/Users",
        userBody({
          id: forged,
          userName,
          meta: { resourceType: "User", created: "2000-01-01T00:00:00Z", version: 'W/"forged"' },
        }),
      );
      expect([201, 400]).toContain(r.status);
      if (r.status === 201) {
        expect(r.body.id).not.toBe(forged);
        expect(obj(r.body.meta).created).not.toBe("2000-01-01T00:00:00Z");
        expect(version(r.body)).not.toBe('W/"forged"');
      } else {
        expectError(r, 400);
        expect(await countOf(`userName eq "${userName}"`)).toBe(0);
      }
      expectError(await scim("GET", `/Users/${forged}`), 404);
    });

    dbTest("never changes the server-assigned id through PUT or PATCH", async ({ scim }) => {
      const userName = `ro2-${hex()}@rfc.example`;
      const u = await create({ userName });
      const forged = `forged-${hex()}`;
      const put = await scim("PUT", `/Users/${u.id}`, userBody({ id: forged, userName }));
      expect([200, 400]).toContain(put.status);
      const p = await patch(u.id, [replaceOp("id", forged)]);
      expect([200, 400]).toContain(p.status);
      const after = await scim("GET", `/Users/${u.id}`);
      expect(after.status).toBe(200);
      expect(after.body.id).toBe(u.id);
      expectError(await scim("GET", `/Users/${forged}`), 404);
    });

    dbTest(
      "a body larger than 1 MB → 413 (or 400) with a SCIM Error, and nothing written",
      async ({ scim }) => {
        const userName = `huge-${hex()}@rfc.example`;
        const r = await scim("POST", "/Users", userBody({ userName, displayName: "x".repeat(1_100_000) }));
        expectError(r, [413, 400]);
        expect(await countOf(`userName eq "${userName}"`)).toBe(0);
      },
    );
  });

  describe("tenant isolation", () => {
    let u: User;
    beforeAll(async () => {
      u = await create({ userName: `iso-${hex()}@contoso.example`, displayName: "Contoso Only" });
    });

    dbTest.for(["GET", "PATCH", "PUT", "DELETE"])(
      "%s of another tenant's user id → 404",
      async (method, { app, scim, otherScim }) => {
        const body = bodyFor(method, String(u.userName));
        expectError(await otherScim(method, `/Users/${u.id}`, body), 404);
        expectError(await otherScim(method, `${app.url}/api/scim/v2/Users/${u.id}`, body), 404);
        const still = await scim("GET", `/Users/${u.id}`);
        expect(still.status).toBe(200);
        expect(still.body).toEqual(u);
      },
    );

    dbTest("the other tenant's filters and lists never see this tenant's users", async ({ otherScim }) => {
      const byName = await otherScim("GET", `/Users?${q(`userName eq "${String(u.userName)}"`)}`);
      expect(byName.status).toBe(200);
      expect(byName.body.totalResults).toBe(0);
      const all = await otherScim("GET", "/Users?count=1000");
      expect(all.status).toBe(200);
      expect(resources(all).map((x) => x.id)).not.toContain(u.id);
      const search = await otherScim(
        "POST",
        "/Users/.search",
        searchBody({ filter: 'displayName eq "Contoso Only"' }),
      );
      expect(search.body.totalResults).toBe(0);
    });

    dbTest("keeps userName unique per tenant only", async ({ otherScim }) => {
      const r = await otherScim("POST", "/Users", userBody({ userName: String(u.userName) }));
      expect(r.status).toBe(201);
      expect(r.body.id).not.toBe(u.id);
    });
  });

  describe("discovery", () => {
    const get = async (path: string) => {
      const r = await suite.scim("GET", path);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
      return r;
    };
    const attributes = (schema: Json) => {
      const list = schema.attributes;
      if (!Array.isArray(list)) throw new Error("attributes is not an array");
      return new Map(list.map((a: unknown) => [String(obj(a).name), obj(a)]));
    };

    dbTest("/ServiceProviderConfig describes PATCH, filter, sort, ETag and bearer tokens", async () => {
      const r = await get("/ServiceProviderConfig");
      expect(r.body).toMatchObject({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        patch: { supported: true },
        filter: { supported: true, maxResults: expect.any(Number) },
        sort: { supported: true },
        etag: { supported: true },
        bulk: { supported: expect.any(Boolean) },
        changePassword: { supported: expect.any(Boolean) },
        authenticationSchemes: expect.arrayContaining([
          expect.objectContaining({ type: "oauthbearertoken" }),
        ]),
      });
    });

    dbTest("/Schemas lists the core User, enterprise and uniFLOW schemas", async () => {
      const r = await get("/Schemas");
      expect(r.body.schemas).toEqual([LIST]);
      expect(resources(r).map((s) => s.id)).toEqual(expect.arrayContaining([USER, ENTERPRISE, UNIFLOW]));
    });

    dbTest("/Schemas/{core User} describes userName and the read-only groups", async () => {
      const r = await get(`/Schemas/${USER}`);
      expect(r.body.id).toBe(USER);
      const attrs = attributes(r.body);
      expect(attrs.get("userName")).toMatchObject({
        type: "string",
        required: true,
        caseExact: false,
        uniqueness: "server",
      });
      expect(attrs.get("groups")).toMatchObject({ multiValued: true, mutability: "readOnly" });
      expect(attrs.get("emails")).toMatchObject({ type: "complex", multiValued: true });
    });

    dbTest(
      "/Schemas/{uniFLOW} lists cardNumber, cardRegistrationCode, localUsername and a never-returned pin",
      async () => {
        const r = await get(`/Schemas/${UNIFLOW}`);
        expect(r.body.id).toBe(UNIFLOW);
        const attrs = attributes(r.body);
        for (const name of ["cardNumber", "cardRegistrationCode", "localUsername"])
          expect(attrs.get(name)).toMatchObject({ type: "string", multiValued: false, returned: "default" });
        expect(attrs.get("pin")).toMatchObject({
          type: "string",
          mutability: "writeOnly",
          returned: "never",
        });
      },
    );

    dbTest("/ResourceTypes lists User with the enterprise and uniFLOW extensions", async () => {
      const r = await get("/ResourceTypes");
      expect(r.body.schemas).toEqual([LIST]);
      const user = resources(r).find((x) => x.name === "User");
      expect(user).toMatchObject({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        endpoint: "/Users",
        schema: USER,
        schemaExtensions: expect.arrayContaining([
          expect.objectContaining({ schema: ENTERPRISE, required: false }),
          expect.objectContaining({ schema: UNIFLOW, required: false }),
        ]),
      });
    });
  });

  describe("read-only groups", () => {
    dbTest("ignores groups sent on POST: no memberships, [] or absent", async ({ scim }) => {
      const r = await scim(
        "POST",
        "/Users",
        userBody({
          userName: `grp-${hex()}@rfc.example`,
          groups: [{ value: randomUUID(), display: "Admins" }],
        }),
      );
      expect(r.status).toBe(201);
      expect(r.body.groups ?? []).toEqual([]);
      const got = await scim("GET", `/Users/${String(r.body.id)}`);
      expect(got.body.groups ?? []).toEqual([]);
    });
  });
});
