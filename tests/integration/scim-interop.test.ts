/**
 * What real provisioning clients send beyond the RFC's happy path, replayed on every database:
 * Entra ID's group requests (an ADSCIM schema URN and `meta` on create), discovery documents
 * strict client libraries accept, filter literals compared by the attribute's declared type,
 * Unicode case-insensitive comparison, PATCH on a whole extension, PUT without `active`, and the
 * custom attributes a tenant defines (discovery → provisioning → filter → removal).
 */
import { beforeAll, describe, expect } from "vitest";
import { queryRows } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import {
  ENTERPRISE,
  GROUP,
  USER,
  arr,
  expectError,
  hex,
  memberIds,
  obj,
  q,
  resources,
  type Json,
} from "../support/scim-client";
import { createdId, groupBody, patchOp, userBody } from "../support/scim-requests";

const ADSCIM_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
const CUSTOM = "urn:ietf:params:scim:schemas:extension:rollcall:2.0:User";
const OKTA_CUSTOM = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";

// Custom attributes are defined through the CLI (another process): no schema cache to wait for.
const env = { SCIM_SCHEMA_CACHE_SECONDS: "0" };

describeEachDatabase("SCIM interoperability on %s", { env, other: "Fabrikam" }, (suite) => {
  const s = hex();

  const patch = (path: string, ops: Json[]) => suite.scim("PATCH", path, patchOp(...ops));
  const newUser = async (extra: Json = {}): Promise<string> =>
    createdId(await suite.scim("POST", "/Users", userBody({ userName: `u.${hex()}@contoso.com`, ...extra })));
  const ids = (r: { body: Json }) => arr(r.body.Resources ?? []).map((u) => String(obj(u).id));

  describe("Entra ID's group cycle, as Microsoft documents the requests", () => {
    dbTest(
      "creates, finds, fills, empties in both remove forms, renames and deletes a group",
      async ({ scim }) => {
        const [alex, ben, cleo] = [await newUser(), await newUser(), await newUser()];
        const externalId = "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159";
        const displayName = `Sales ${s}`;
        const created = await scim("POST", "/Groups", {
          schemas: [GROUP, ADSCIM_GROUP],
          externalId,
          displayName,
          meta: { resourceType: "Group" },
        });
        expect(created.status, created.text).toBe(201);
        expect(created.body.schemas).toEqual([GROUP]);
        expect(obj(created.body.meta).resourceType).toBe("Group");
        const id = String(created.body.id);

        const found = await scim(
          "GET",
          `/Groups?excludedAttributes=members&${q(`displayName eq "${displayName}"`)}`,
        );
        expect(found.status).toBe(200);
        expect(ids(found)).toEqual([id]);
        expect(resources(found)[0]!.members).toBeUndefined();

        const added = await patch(`/Groups/${id}`, [
          {
            op: "Add",
            path: "members",
            value: [{ $ref: null, value: alex }, { value: ben }, { value: cleo }],
          },
        ]);
        expect(added.status).toBe(204);
        const read = async () => (await scim("GET", `/Groups/${id}`)).body;
        expect(memberIds(await read())).toEqual([alex, ben, cleo].sort());

        expect(
          (
            await patch(`/Groups/${id}`, [
              { op: "Remove", path: "members", value: [{ $ref: null, value: alex }] },
            ])
          ).status,
        ).toBe(204);
        expect(
          (await patch(`/Groups/${id}`, [{ op: "remove", path: `members[value eq "${ben}"]` }])).status,
        ).toBe(204);
        expect(memberIds(await read())).toEqual([cleo]);

        const renamed = await patch(`/Groups/${id}`, [
          { op: "Replace", path: "displayName", value: `${displayName} EMEA` },
        ]);
        expect(renamed.status).toBe(204);
        expect((await read()).displayName).toBe(`${displayName} EMEA`);
        expect(memberIds(await read())).toEqual([cleo]);

        expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
        expect((await scim("GET", `/Groups/${id}`)).status).toBe(404);
      },
    );

    dbTest(
      "ignores a schema URN it does not serve on users too, but refuses attributes under it, naming them",
      async ({ scim }) => {
        const ok = await scim("POST", "/Users", {
          schemas: [USER, "urn:example:unknown:2.0:User"],
          userName: `schemas.${s}@contoso.com`,
          meta: { resourceType: "User", created: "2000-01-01T00:00:00Z" },
        });
        expect(ok.status, ok.text).toBe(201);
        expect(ok.body.schemas).toEqual([USER]);
        expect(obj(ok.body.meta).created).not.toBe("2000-01-01T00:00:00Z");

        const refused = await scim("POST", "/Users", {
          schemas: [USER, "urn:example:unknown:2.0:User"],
          userName: `schemas2.${s}@contoso.com`,
          "urn:example:unknown:2.0:User": { badge: "42" },
        });
        expectError(refused, 400, "invalidValue");
        expect(refused.body.detail).toContain("urn:example:unknown:2.0:User:badge");
      },
    );
  });

  describe("discovery documents strict clients accept (RFC 7643 §5–§7, RFC 7644 §4)", () => {
    dbTest(
      "ServiceProviderConfig carries only the attributes RFC 7643 §5 and RFC 9865 define",
      async ({ scim }) => {
        const r = await scim("GET", "/ServiceProviderConfig");
        expect(r.status).toBe(200);
        const allowed = [
          "schemas",
          "documentationUri",
          "patch",
          "bulk",
          "filter",
          "changePassword",
          "sort",
          "etag",
          "authenticationSchemes",
          "pagination",
          "meta",
        ];
        expect(Object.keys(r.body).filter((k) => !allowed.includes(k))).toEqual([]);
        expect(Object.keys(obj(r.body.bulk)).sort()).toEqual([
          "maxOperations",
          "maxPayloadSize",
          "supported",
        ]);
      },
    );

    dbTest("the User schema declares every sub-attribute of groups, all read-only", async ({ scim }) => {
      const r = await scim("GET", `/Schemas/${USER}`);
      const groups = arr(r.body.attributes)
        .map(obj)
        .find((a) => a.name === "groups")!;
      expect(groups.mutability).toBe("readOnly");
      const subs = arr(groups.subAttributes).map(obj);
      expect(subs.map((a) => a.name)).toEqual(["value", "$ref", "display", "type"]);
      for (const sub of subs) expect(sub.mutability, String(sub.name)).toBe("readOnly");
      expect(subs.find((a) => a.name === "$ref")).toMatchObject({
        type: "reference",
        referenceTypes: ["Group"],
      });
    });

    dbTest(
      "only string-like attributes say caseExact; booleans and complex attributes have no uniqueness",
      async ({ scim }) => {
        const r = await scim("GET", "/Schemas");
        const walk = (attrs: unknown[]): Json[] =>
          attrs.map(obj).flatMap((a) => [a, ...walk(arr(a.subAttributes ?? []))]);
        const all = resources(r).flatMap((schema) => walk(arr(schema.attributes)));
        expect(all.length).toBeGreaterThan(50);
        for (const a of all) {
          const textual = ["string", "reference", "binary"].includes(String(a.type));
          expect("caseExact" in a, `${String(a.name)}: caseExact`).toBe(textual);
          if (a.type === "boolean" || a.type === "complex")
            expect(a.uniqueness, String(a.name)).toBeUndefined();
          if (a.type === "reference") expect(a.caseExact, String(a.name)).toBe(true);
        }
      },
    );

    dbTest.for(["/Schemas", "/ResourceTypes", "/ServiceProviderConfig"])(
      "%s with a filter → 403",
      async (path, { scim }) => {
        expectError(await scim("GET", `${path}?${q('id eq "User"')}`), 403);
      },
    );

    dbTest("answers endpoint names in any case", async ({ scim }) => {
      expect((await scim("GET", "/users?count=1")).status).toBe(200);
      expect((await scim("GET", "/serviceproviderconfig")).status).toBe(200);
    });
  });

  describe("filters compare by the attribute's declared type, not the literal's shape", () => {
    dbTest(
      "finds an externalId or employeeNumber of digits with Entra's unquoted form, whatever else is stored",
      async ({ scim }) => {
        const digits = `12345${Date.now() % 100000}`;
        const user = await newUser({ externalId: digits, [ENTERPRISE]: { employeeNumber: "42" } });
        await newUser({ externalId: `jyoung-${s}`, [ENTERPRISE]: { employeeNumber: "E-7" } });
        const byExternal = await scim("GET", `/Users?${q(`externalId eq ${digits}`)}`);
        expect(byExternal.status, byExternal.text).toBe(200);
        expect(ids(byExternal)).toEqual([user]);
        const byNumber = await scim("GET", `/Users?${q(`${ENTERPRISE}:employeeNumber eq 42`)}`);
        expect(byNumber.status, byNumber.text).toBe(200);
        expect(ids(byNumber)).toEqual([user]);
        const gt = await scim("GET", `/Users?${q(`externalId gt 1`)}`);
        expect(gt.status).toBe(200);
      },
    );

    dbTest(
      "accepts a boolean as the string Entra may send, and refuses a number for a boolean",
      async ({ scim }) => {
        expect((await scim("GET", `/Users?${q(`active eq "True"`)}`)).status).toBe(200);
        expectError(await scim("GET", `/Users?${q("active eq 5")}`), 400, "invalidFilter");
      },
    );

    dbTest(
      "matches case-exact attributes case-exactly with co, sw and ew (SQLite's LIKE would ignore case)",
      async ({ scim }) => {
        const user = await newUser({ externalId: `CaseExact-${s}-ABC` });
        expect(ids(await scim("GET", `/Users?${q(`externalId co "${s}-ABC"`)}`))).toEqual([user]);
        expect(ids(await scim("GET", `/Users?${q(`externalId co "${s}-abc"`)}`))).toEqual([]);
        expect(ids(await scim("GET", `/Users?${q(`externalId sw "caseexact-${s}"`)}`))).toEqual([]);
        expect(ids(await scim("GET", `/Users?${q(`externalId ew "${s}-ABC"`)}`))).toEqual([user]);
        // GLOB's wildcards in the literal are matched literally.
        expect(ids(await scim("GET", `/Users?${q(`externalId co "*"`)}`))).toEqual([]);
      },
    );
  });

  describe("case-insensitive comparison is Unicode-correct", () => {
    const people = [
      { given: "Émile", family: "ÖZTÜRK", title: "Übersee-Leiter", department: "Straße" },
      { given: "İlkay", family: "GÜNDOĞAN", title: "Müdür", department: "İSTANBUL" },
      { given: "Οδυσσέας", family: "ΠΑΠΑΔΌΠΟΥΛΟΣ", title: "ΔΙΕΥΘΥΝΤΉΣ", department: "ΑΘΉΝΑ" },
      { given: "太郎", family: "山田", title: "部長", department: "東京" },
    ];
    const made = new Map<string, string>();

    beforeAll(async () => {
      for (const p of people) {
        made.set(
          p.family,
          await newUser({
            displayName: `${p.given} ${p.family}`,
            title: p.title,
            name: { givenName: p.given, familyName: p.family },
            [ENTERPRISE]: { department: `${p.department} ${s}` },
          }),
        );
      }
    });

    dbTest.for(people.map((p) => [p.family, p] as const))(
      "finds %s by every attribute, in another case",
      async ([, p], { scim }) => {
        const id = made.get(p.family)!;
        const lower = (v: string) => v.toLocaleLowerCase("und");
        for (const filter of [
          `displayName eq "${lower(`${p.given} ${p.family}`)}"`,
          `displayName eq "${p.given} ${p.family}"`,
          `title eq "${p.title.toUpperCase()}"`,
          `name.familyName eq "${lower(p.family)}"`,
          `name.familyName co "${lower(p.family).slice(1, 4)}"`,
          `${ENTERPRISE}:department eq "${lower(p.department)} ${s}"`,
        ]) {
          const r = await scim("GET", `/Users?${q(filter)}`);
          expect(r.status, filter).toBe(200);
          expect(ids(r), filter).toEqual([id]);
        }
      },
    );

    dbTest(
      "treats NFC/NFD and fullwidth spellings of a userName as one (409), and finds it by either",
      async ({ scim }) => {
        const nfc = `josé.${s}@contoso.com`;
        const created = await scim("POST", "/Users", userBody({ userName: nfc }));
        expect(created.status).toBe(201);
        expect(created.body.userName).toBe(nfc);
        const nfd = nfc.normalize("NFD");
        expect(nfd).not.toBe(nfc);
        expectError(await scim("POST", "/Users", userBody({ userName: nfd })), 409, "uniqueness");
        const fullwidth = `ＪＯＳÉ.${s}@contoso.com`;
        expectError(await scim("POST", "/Users", userBody({ userName: fullwidth })), 409, "uniqueness");
        expect(ids(await scim("GET", `/Users?${q(`userName eq "${nfd.toUpperCase()}"`)}`))).toEqual([
          String(created.body.id),
        ]);
      },
    );
  });

  describe("PATCH", () => {
    dbTest("takes a whole extension as its path: add, replace and remove", async () => {
      const id = await newUser({ [ENTERPRISE]: { costCenter: "CC-1" } });
      const added = await patch(`/Users/${id}`, [
        { op: "add", path: ENTERPRISE, value: { department: "Sales" } },
      ]);
      expect(added.status, added.text).toBe(200);
      expect(added.body[ENTERPRISE]).toEqual({ costCenter: "CC-1", department: "Sales" });
      const replaced = await patch(`/Users/${id}`, [
        { op: "replace", path: ENTERPRISE, value: { department: "Ops" } },
      ]);
      expect(replaced.body[ENTERPRISE]).toEqual({ costCenter: "CC-1", department: "Ops" });
      const removed = await patch(`/Users/${id}`, [{ op: "remove", path: ENTERPRISE }]);
      expect(removed.status).toBe(200);
      expect(removed.body[ENTERPRISE]).toBeUndefined();
      expect(removed.body.schemas).toEqual([USER]);
      expectError(
        await patch(`/Users/${id}`, [{ op: "add", path: ENTERPRISE, value: "Sales" }]),
        400,
        "invalidValue",
      );
    });

    dbTest(
      "renames a group the way Okta does, with the group's own id in the value; another id is refused",
      async ({ scim }) => {
        const g = await scim("POST", "/Groups", groupBody(`Okta ${s}`));
        const id = String(g.body.id);
        const r = await patch(`/Groups/${id}`, [
          { op: "replace", value: { id, displayName: `Okta ${s} renamed` } },
        ]);
        expect(r.status, r.text).toBe(204);
        expect((await scim("GET", `/Groups/${id}`)).body.displayName).toBe(`Okta ${s} renamed`);
        const moved = await patch(`/Groups/${id}`, [
          { op: "replace", value: { id: "another", displayName: "x" } },
        ]);
        expectError(moved, 400, "mutability");
      },
    );
  });

  dbTest("ignores read-only sub-attributes a client sends (the manager's displayName)", async ({ scim }) => {
    const manager = await newUser();
    const r = await scim("POST", "/Users", {
      schemas: [USER, ENTERPRISE],
      userName: `managed.${s}@contoso.com`,
      [ENTERPRISE]: { manager: { value: manager, displayName: "Forged Name" } },
    });
    expect(r.status).toBe(201);
    expect(obj(obj(r.body[ENTERPRISE]).manager).displayName).toBeUndefined();
  });

  dbTest("keeps a disabled user disabled when a PUT leaves active out", async ({ scim }) => {
    const id = await newUser({ active: false });
    const put = await scim(
      "PUT",
      `/Users/${id}`,
      userBody({ userName: `put.${s}@contoso.com`, title: "New" }),
    );
    expect(put.status).toBe(200);
    expect(put.body.active).toBe(false);
    expect(ids(await scim("GET", `/Users?${q(`active eq false and title eq "New"`)}`))).toEqual([id]);
  });

  describe("custom attributes a tenant defines", () => {
    dbTest(
      "are refused until defined, logged as such, then published, validated, filterable, and removed with their values",
      async ({ scim, app, tenant, otherScim }) => {
        const userName = `custom.${s}@contoso.com`;
        const body = {
          schemas: [USER, CUSTOM],
          userName,
          [CUSTOM]: { costCentre: "4711", badges: ["A", "B"] },
        };
        const refused = await scim("POST", "/Users", body);
        expectError(refused, 400, "invalidValue");
        expect(refused.body.detail).toContain(`${CUSTOM}:costCentre`);

        // The provisioning log keeps what was not defined, for the portal's "Define it".
        await new Promise((resolve) => setTimeout(resolve, 600));
        const logged = await queryRows<{ unknownAttribute: string | null }>(
          app.database,
          `SELECT "unknownAttribute" FROM "ScimRequestLog" WHERE "tenantId" = ? AND status = 400 AND "unknownAttribute" IS NOT NULL`,
          [tenant.tenantId],
        );
        expect(logged.map((r) => r.unknownAttribute)).toContain(`${CUSTOM}:costCentre`);

        const define = (...args: string[]) =>
          app.cli("attribute", "add", "--tenant", tenant.tenantId, ...args);
        const defined = await define("--name", "costCentre", "--type", "string");
        expect(defined).toEqual({ schema: CUSTOM, name: "costCentre" });
        await define("--name", "badges", "--type", "string", "--multi");
        await define("--name", "level", "--type", "integer", "--schema", OKTA_CUSTOM);

        const schemas = await scim("GET", "/Schemas");
        const custom = resources(schemas).find((x) => x.id === CUSTOM)!;
        expect(arr(custom.attributes).map((a) => obj(a).name)).toEqual(["costCentre", "badges"]);
        const types = await scim("GET", "/ResourceTypes/User");
        expect(arr(types.body.schemaExtensions).map((e) => obj(e).schema)).toEqual(
          expect.arrayContaining([CUSTOM, OKTA_CUSTOM]),
        );
        // Another tenant does not see them.
        const theirs = await otherScim("GET", "/Schemas");
        expect(resources(theirs).map((x) => x.id)).not.toContain(CUSTOM);
        expectError(await otherScim("POST", "/Users", { ...body, userName: `x.${s}@fabrikam.com` }), 400);

        const created = await scim("POST", "/Users", { ...body, [OKTA_CUSTOM]: { level: 3 } });
        expect(created.status, created.text).toBe(201);
        expect(created.body.schemas).toEqual(expect.arrayContaining([USER, CUSTOM, OKTA_CUSTOM]));
        expect(created.body[CUSTOM]).toEqual({ costCentre: "4711", badges: ["A", "B"] });
        const id = String(created.body.id);
        expectError(
          await scim("POST", "/Users", {
            schemas: [USER],
            userName: `bad.${s}@contoso.com`,
            [OKTA_CUSTOM]: { level: "high" },
          }),
          400,
          "invalidValue",
        );

        for (const filter of [
          `${CUSTOM}:costCentre eq 4711`,
          `costCentre eq "4711"`,
          `${CUSTOM}:badges eq "b"`,
          `${OKTA_CUSTOM}:level gt 2`,
          `${CUSTOM}:costCentre pr`,
        ]) {
          const r = await scim("GET", `/Users?${q(filter)}`);
          expect(r.status, `${filter}: ${r.text}`).toBe(200);
          expect(ids(r), filter).toEqual([id]);
        }
        expect(ids(await scim("GET", `/Users?${q(`${OKTA_CUSTOM}:level gt 3`)}`))).toEqual([]);

        const patched = await patch(`/Users/${id}`, [
          { op: "replace", path: `${CUSTOM}:costCentre`, value: "0815" },
          { op: "add", path: `${CUSTOM}:badges`, value: ["C"] },
        ]);
        expect(patched.body[CUSTOM]).toEqual({ costCentre: "0815", badges: ["A", "B", "C"] });

        const removed = await app.cli<{ usersAffected: number }>(
          "attribute",
          "remove",
          "--tenant",
          tenant.tenantId,
          "--name",
          "costCentre",
        );
        expect(removed.usersAffected).toBe(1);
        const after = await scim("GET", `/Users/${id}`);
        expect(after.body[CUSTOM]).toEqual({ badges: ["A", "B", "C"] });
        expect(obj(after.body.meta).version).not.toBe(obj(patched.body.meta).version);
        const list = await app.cli<{ attributes: Json[] }>("attribute", "list", "--tenant", tenant.tenantId);
        expect(list.attributes.map((a) => a.name).sort()).toEqual(["badges", "level"]);
      },
    );

    dbTest("refuses definitions that would shadow the built-in schemas", async ({ app, tenant }) => {
      const refuse = (...args: string[]) =>
        expect(app.cli("attribute", "add", "--tenant", tenant.tenantId, ...args)).rejects.toThrow();
      await refuse("--name", "title", "--type", "string");
      await refuse("--name", "costCenter", "--type", "string", "--schema", ENTERPRISE);
      await refuse("--name", "has space", "--type", "string");
      await refuse("--name", "ok", "--type", "color");
    });
  });
});
