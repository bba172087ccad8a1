/**
 * SCIM /Users as Microsoft Entra ID calls it, in Entra's order: Test Connection, match by filter,
 * create, every PATCH shape of /work/shared/ENTRA-SCIM.md, disable, enable, delete. Attributes are
 * those of the uniFLOW Online and UNIFI attribute-mapping tables.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { describe, expect } from "vitest";
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
  isJson,
  obj,
  parse,
  resources,
  type Json,
} from "../support/scim-client";
import { patchOp } from "../support/scim-requests";

/** A GET through node:http, which (unlike fetch) sends no User-Agent header. */
function getWithoutUserAgent(
  url: string,
  token: string,
): Promise<{ status: number; type: string; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "GET", headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (data += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", body: parse(data) }),
      );
    });
    expect(req.getHeader("user-agent")).toBeUndefined();
    req.on("error", reject);
    req.end();
  });
}

/** No key named pin (plain or URN-qualified) anywhere, and the secret itself nowhere. */
function expectNoPin(value: unknown, secrets: string[]): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isJson(v))
      for (const [key, child] of Object.entries(v)) {
        expect(key.toLowerCase().replace(/^.*:/, "")).not.toBe("pin");
        walk(child);
      }
  };
  walk(value);
  const text = JSON.stringify(value);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

const byFilter = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

describeEachDatabase("SCIM /Users as Entra ID calls it on %s", (suite) => {
  const patch = (id: string, ops: Json[], headers?: Record<string, string>) =>
    suite.scim("PATCH", `/Users/${id}`, patchOp(...ops), headers);

  const s = hex();
  // Eight digits, so that the secret cannot turn up by chance in an id, a version or a timestamp.
  const PIN = String(10_000_000 + (randomBytes(4).readUInt32BE(0) % 80_000_000));
  const NEW_PIN = String(Number(PIN) + 1);
  const alexUserName = `AlexW.${s}@Contoso.com`;
  const alexExternalId = randomUUID();
  const alexEmail = `alexw.${s}@contoso.com`;
  const jordanUserName = `JYoung.${s}@contoso.com`;
  let meganId = "";
  let jordanId = "";
  let alex: Json = {};
  let alexId = "";

  const alexBody = (): Json => ({
    schemas: [USER, ENTERPRISE, UNIFLOW],
    externalId: alexExternalId,
    userName: alexUserName,
    active: true,
    displayName: "Alex Wilber",
    name: { givenName: "Alex", familyName: "Wilber", formatted: "Alex Wilber" },
    emails: [{ primary: true, type: "work", value: alexEmail }],
    title: "Marketing Assistant",
    phoneNumbers: [{ type: "work", value: "+1 425 555 0109" }],
    addresses: [
      {
        type: "work",
        streetAddress: "One Microsoft Way",
        locality: "Redmond",
        region: "WA",
        postalCode: "98052",
        country: "US",
      },
    ],
    [ENTERPRISE]: { department: "Marketing", employeeNumber: "E-1001", manager: { value: meganId } },
    [UNIFLOW]: {
      cardNumber: "04A1B2C3D4E5",
      cardRegistrationCode: "REG-7781",
      localUsername: "alexw",
      pin: PIN,
    },
    meta: { resourceType: "User" },
  });

  describe("Test Connection", () => {
    dbTest("answers a filter on a random guid with 200 and an empty ListResponse", async ({ scim }) => {
      const r = await scim("GET", byFilter(`userName eq "${randomUUID()}"`));
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
      expect(r.body).toEqual({
        schemas: [LIST],
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    dbTest("answers the keep-alive query sent without a User-Agent header", async ({ tenant }) => {
      const r = await getWithoutUserAgent(
        `${tenant.tenantUrl}${byFilter(`userName eq "${randomUUID()}"`)}`,
        tenant.token,
      );
      expect(r.status).toBe(200);
      expect(r.type).toMatch(SCIM_JSON);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 0 });
    });
  });

  describe("create", () => {
    dbTest("creates the manager with a minimal Entra body", async ({ scim }) => {
      const r = await scim("POST", "/Users", {
        schemas: [USER],
        externalId: randomUUID(),
        userName: `MeganB.${s}@contoso.com`,
        active: true,
        displayName: "Megan Bowen",
        emails: [{ primary: true, type: "work", value: `meganb.${s}@contoso.com` }],
        meta: { resourceType: "User" },
      });
      expect(r.status).toBe(201);
      expect(typeof r.body.id).toBe("string");
      meganId = String(r.body.id);
    });

    dbTest(
      "creates a user with every mapped attribute and echoes each exactly, except the PIN",
      async ({ scim }) => {
        const sent = alexBody();
        const r = await scim("POST", "/Users", sent);
        expect(r.status).toBe(201);
        expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
        const u = r.body;
        expect(typeof u.id).toBe("string");
        expect(String(u.id)).not.toBe("");
        alexId = String(u.id);
        alex = u;
        expect(u.schemas).toEqual(expect.arrayContaining([USER, ENTERPRISE, UNIFLOW]));
        for (const key of ["userName", "externalId", "active", "displayName", "name", "emails", "title"])
          expect(u[key]).toEqual(sent[key]);
        expect(u.phoneNumbers).toEqual(sent.phoneNumbers);
        expect(u.addresses).toEqual(sent.addresses);
        expect(u[ENTERPRISE]).toMatchObject({
          department: "Marketing",
          employeeNumber: "E-1001",
          manager: { value: meganId },
        });
        expect(u[UNIFLOW]).toEqual({
          cardNumber: "04A1B2C3D4E5",
          cardRegistrationCode: "REG-7781",
          localUsername: "alexw",
        });
        expectNoPin(u, [PIN]);
        const meta = obj(u.meta);
        expect(meta.resourceType).toBe("User");
        expect(String(meta.location)).toMatch(/^https?:\/\//);
        expect(String(meta.location).endsWith(`/Users/${alexId}`)).toBe(true);
        expect(typeof meta.version).toBe("string");
        expect(r.headers.get("etag")).toBe(meta.version);
        expect(Number.isNaN(Date.parse(String(meta.created)))).toBe(false);
        expect(Number.isNaN(Date.parse(String(meta.lastModified)))).toBe(false);
      },
    );

    dbTest("returns the same representation on GET /Users/{id}", async ({ scim }) => {
      const r = await scim("GET", `/Users/${alexId}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(alex);
      expect(r.headers.get("etag")).toBe(obj(alex.meta).version);
    });

    dbTest('creates a user whose active and primary arrive as the string "True"', async ({ scim }) => {
      const r = await scim("POST", "/Users", {
        schemas: [USER, ENTERPRISE],
        externalId: "jyoung",
        userName: jordanUserName,
        active: "True",
        displayName: "Jordan Young",
        name: { givenName: "Jordan", familyName: "Young" },
        emails: [{ primary: "True", type: "work", value: `jyoung.${s}@contoso.com` }],
        [ENTERPRISE]: { department: "Sales" },
      });
      expect(r.status).toBe(201);
      jordanId = String(r.body.id);
      expect(r.body.active).toBe(true);
      expect(r.body.emails).toEqual([{ primary: true, type: "work", value: `jyoung.${s}@contoso.com` }]);
      expect(r.body.name).toEqual({ givenName: "Jordan", familyName: "Young" });
    });

    dbTest.for<[string, (u: string) => string]>([
      ["exact", (u: string) => u],
      ["upper", (u: string) => u.toUpperCase()],
      ["lower", (u: string) => u.toLowerCase()],
    ])("refuses a duplicate userName in %s case with 409 uniqueness", async ([_label, variant], { scim }) => {
      const r = await scim("POST", "/Users", {
        schemas: [USER],
        userName: variant(alexUserName),
        active: true,
      });
      expectError(r, 409, "uniqueness");
      expect((await scim("GET", byFilter(`userName eq "${alexUserName}"`))).body.totalResults).toBe(1);
    });

    dbTest(
      "refuses renaming another user onto an existing userName in another case with 409",
      async ({ scim }) => {
        const r = await patch(jordanId, [
          { op: "Replace", path: "userName", value: alexUserName.toUpperCase() },
        ]);
        expectError(r, 409, "uniqueness");
        expect((await scim("GET", `/Users/${jordanId}`)).body.userName).toBe(jordanUserName);
      },
    );
  });

  describe("matching by filter", () => {
    const findOne = async (filter: string, id: () => string) => {
      const r = await suite.scim("GET", byFilter(filter));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
      const [found] = resources(r);
      expect(found?.id).toBe(id());
      expectNoPin(r.body, [PIN]);
      return found ?? {};
    };

    dbTest("matches userName case-insensitively and returns it exactly as sent", async () => {
      expect((await findOne(`userName eq "${alexUserName.toUpperCase()}"`, () => alexId)).userName).toBe(
        alexUserName,
      );
      expect((await findOne(`userName eq "${alexUserName.toLowerCase()}"`, () => alexId)).userName).toBe(
        alexUserName,
      );
    });

    dbTest("matches externalId quoted and unquoted (externalId eq jyoung)", async () => {
      await findOne(`externalId eq "${alexExternalId}"`, () => alexId);
      await findOne("externalId eq jyoung", () => jordanId);
    });

    dbTest('matches emails[type eq "work"].value', async () => {
      await findOne(`emails[type eq "work"].value eq "${alexEmail}"`, () => alexId);
    });

    dbTest("answers Entra's manager check: id eq … and manager eq …", async ({ scim }) => {
      await findOne(`id eq "${alexId}" and manager eq "${meganId}"`, () => alexId);
      const r = await scim("GET", byFilter(`id eq "${alexId}" and manager eq "${jordanId}"`));
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(0);
    });
  });

  describe("PATCH shapes", () => {
    type Step = [name: string, ops: () => Json[], check: (u: Json) => void];
    const ent = (u: Json) => obj(u[ENTERPRISE]);
    const steps: Step[] = [
      [
        "Replace displayName",
        () => [{ op: "Replace", path: "displayName", value: "Alex Wilber (Marketing)" }],
        (u) => expect(u.displayName).toBe("Alex Wilber (Marketing)"),
      ],
      [
        'Add emails[type eq "work"].value replaces the work address',
        () => [{ op: "Add", path: 'emails[type eq "work"].value', value: `alex.wilber.${s}@contoso.com` }],
        (u) =>
          expect(u.emails).toEqual([{ primary: true, type: "work", value: `alex.wilber.${s}@contoso.com` }]),
      ],
      [
        "Replace name.familyName keeps the other name parts",
        () => [{ op: "Replace", path: "name.familyName", value: "Wilber-Smith" }],
        (u) =>
          expect(u.name).toEqual({ givenName: "Alex", familyName: "Wilber-Smith", formatted: "Alex Wilber" }),
      ],
      [
        "ADD the enterprise department by URN path",
        () => [{ op: "ADD", path: `${ENTERPRISE}:department`, value: "Sales" }],
        (u) => expect(ent(u)).toMatchObject({ department: "Sales", employeeNumber: "E-1001" }),
      ],
      [
        "Add the enterprise manager as a plain string by URN path",
        () => [{ op: "Add", path: `${ENTERPRISE}:manager`, value: jordanId }],
        (u) => expect(obj(ent(u).manager).value).toBe(jordanId),
      ],
      [
        'add manager as [{"$ref":null,"value":…}] by the bare path manager',
        () => [{ op: "add", path: "manager", value: [{ $ref: null, value: meganId }] }],
        (u) => expect(obj(ent(u).manager).value).toBe(meganId),
      ],
      [
        "Remove the enterprise manager by URN path",
        () => [{ op: "Remove", path: `${ENTERPRISE}:manager` }],
        (u) => {
          expect(ent(u).manager).toBeUndefined();
          expect(ent(u).department).toBe("Sales");
        },
      ],
      [
        "replace active with the boolean false",
        () => [{ op: "replace", path: "active", value: false }],
        (u) => expect(u.active).toBe(false),
      ],
      [
        'no-path replace with dotted and URN-qualified keys, active "True"',
        () => [
          {
            op: "replace",
            value: {
              displayName: "Alex W",
              "name.givenName": "Alex",
              "name.familyName": "W",
              [`${ENTERPRISE}:employeeNumber`]: "42",
              active: "True",
            },
          },
        ],
        (u) => {
          expect(u.displayName).toBe("Alex W");
          expect(u.name).toEqual({ givenName: "Alex", familyName: "W", formatted: "Alex Wilber" });
          expect(ent(u)).toMatchObject({ employeeNumber: "42", department: "Sales" });
          expect(u.active).toBe(true);
        },
      ],
      [
        "no-path add of title and the uniFLOW cardNumber",
        () => [{ op: "add", value: { title: "Engineer", [`${UNIFLOW}:cardNumber`]: "0042" } }],
        (u) => {
          expect(u.title).toBe("Engineer");
          expect(u[UNIFLOW]).toEqual({
            cardNumber: "0042",
            cardRegistrationCode: "REG-7781",
            localUsername: "alexw",
          });
        },
      ],
      [
        "several operations in one request, on phoneNumbers and addresses by filter path",
        () => [
          { op: "Replace", path: 'phoneNumbers[type eq "work"].value', value: "+1 425 555 0199" },
          { op: "Replace", path: 'addresses[type eq "work"].streetAddress', value: "2 Contoso Plaza" },
          { op: "Replace", path: `${UNIFLOW}:localUsername`, value: "awilber" },
        ],
        (u) => {
          expect(u.phoneNumbers).toEqual([{ type: "work", value: "+1 425 555 0199" }]);
          expect(u.addresses).toEqual([
            {
              type: "work",
              streetAddress: "2 Contoso Plaza",
              locality: "Redmond",
              region: "WA",
              postalCode: "98052",
              country: "US",
            },
          ]);
          expect(obj(u[UNIFLOW]).localUsername).toBe("awilber");
        },
      ],
    ];

    for (const [name, ops, check] of steps) {
      dbTest(`${name} → 200 with the full resource, and GET shows it`, async ({ scim }) => {
        const before = obj(alex.meta).version;
        const r = await patch(alexId, ops());
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
        expect(r.body.id).toBe(alexId);
        expect(r.body.userName).toBe(alexUserName);
        expect(r.body.externalId).toBe(alexExternalId);
        check(r.body);
        expectNoPin(r.body, [PIN]);
        const version = obj(r.body.meta).version;
        expect(version).not.toBe(before);
        expect(r.headers.get("etag")).toBe(version);
        const got = await scim("GET", `/Users/${alexId}`);
        expect(got.status).toBe(200);
        check(got.body);
        expect(got.body).toEqual(r.body);
        alex = r.body;
      });
    }

    dbTest(
      'Add emails[type eq "work"].value on a user without emails creates the work email',
      async ({ scim }) => {
        const created = await scim("POST", "/Users", { schemas: [USER], userName: `PatM.${s}@contoso.com` });
        expect(created.status).toBe(201);
        const id = String(created.body.id);
        const r = await patch(id, [
          { op: "Add", path: 'emails[type eq "work"].value', value: `patm.${s}@contoso.com` },
        ]);
        expect(r.status).toBe(200);
        expect(r.body.emails).toEqual([
          expect.objectContaining({ type: "work", value: `patm.${s}@contoso.com` }),
        ]);
        expect((await scim("GET", `/Users/${id}`)).body.emails).toEqual(r.body.emails);
      },
    );
  });

  describe("disable and enable", () => {
    dbTest(
      'Replace active "False" disables, and the user is still returned by GET and by filter',
      async ({ scim }) => {
        const r = await patch(alexId, [{ op: "Replace", path: "active", value: "False" }]);
        expect(r.status).toBe(200);
        expect(r.body.active).toBe(false);
        const got = await scim("GET", `/Users/${alexId}`);
        expect(got.status).toBe(200);
        expect(got.body.active).toBe(false);
        for (const filter of [`userName eq "${alexUserName}"`, `externalId eq "${alexExternalId}"`]) {
          const found = await scim("GET", byFilter(filter));
          expect(found.body.totalResults).toBe(1);
          expect(resources(found)[0]).toMatchObject({ id: alexId, active: false });
        }
      },
    );

    dbTest('Replace active "True" enables the user again', async ({ scim }) => {
      const r = await patch(alexId, [{ op: "Replace", path: "active", value: "True" }]);
      expect(r.status).toBe(200);
      expect(r.body.active).toBe(true);
      expect((await scim("GET", `/Users/${alexId}`)).body.active).toBe(true);
    });
  });

  describe("uniFLOW PIN", () => {
    dbTest("accepts a PIN by PATCH and never returns it, not even when asked for", async ({ scim }) => {
      const r = await patch(alexId, [{ op: "Replace", path: `${UNIFLOW}:pin`, value: NEW_PIN }]);
      expect(r.status).toBe(200);
      expectNoPin(r.body, [PIN, NEW_PIN]);
      expect(obj(r.body[UNIFLOW]).cardNumber).toBe("0042");
      for (const path of [
        `/Users/${alexId}`,
        `/Users/${alexId}?attributes=${encodeURIComponent(`${UNIFLOW}:pin`)}`,
        `/Users/${alexId}?attributes=${encodeURIComponent(UNIFLOW)}`,
        `${byFilter(`userName eq "${alexUserName}"`)}&attributes=${encodeURIComponent(`${UNIFLOW}:pin`)}`,
      ]) {
        const got = await scim("GET", path);
        expect(got.status).toBe(200);
        expectNoPin(got.body, [PIN, NEW_PIN]);
      }
      const narrowed = await scim(
        "GET",
        `/Users/${alexId}?attributes=${encodeURIComponent(`${UNIFLOW}:pin`)}`,
      );
      expect(narrowed.body.id).toBe(alexId);
    });
  });

  describe("request variants", () => {
    dbTest(
      "accepts Content-Type: application/json and still answers application/scim+json",
      async ({ scim }) => {
        const json = { "Content-Type": "application/json" };
        const r = await scim(
          "POST",
          "/Users",
          { schemas: [USER], userName: `Json.${s}@contoso.com`, active: true },
          json,
        );
        expect(r.status).toBe(201);
        expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
        const p = await patch(
          String(r.body.id),
          [{ op: "Replace", path: "displayName", value: "Json User" }],
          json,
        );
        expect(p.status).toBe(200);
        expect(p.body.displayName).toBe("Json User");
      },
    );

    dbTest("finds a user through a request with no User-Agent header", async ({ tenant }) => {
      const r = await getWithoutUserAgent(
        `${tenant.tenantUrl}${byFilter(`userName eq "${alexUserName}"`)}`,
        tenant.token,
      );
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(1);
    });

    dbTest(
      "accepts a trailing slash and ?aadOptscim062020 on the tenant URL, without redirects",
      async ({ scim }) => {
        const userName = `Flag.${s}@contoso.com`;
        const created = await scim("POST", "/Users/?aadOptscim062020", {
          schemas: [USER],
          userName,
          active: true,
        });
        expect(created.status).toBe(201);
        const id = String(created.body.id);
        const found = await scim(
          "GET",
          `/Users?aadOptscim062020&filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
        );
        expect(found.status).toBe(200);
        expect(resources(found).map((u) => u.id)).toEqual([id]);
        expect((await scim("GET", `/Users/${id}/?aadOptscim062020`)).status).toBe(200);
        const p = await scim("PATCH", `/Users/${id}?aadOptscim062020`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "Replace", path: "active", value: "False" }],
        });
        expect(p.status).toBe(200);
        expect(p.body.active).toBe(false);
        expect((await scim("DELETE", `/Users/${id}/?aadOptscim062020`)).status).toBe(204);
      },
    );
  });

  describe("delete", () => {
    dbTest("DELETE → 204 with no body", async ({ scim }) => {
      const r = await scim("DELETE", `/Users/${alexId}`);
      expect(r.status).toBe(204);
      expect(r.text).toBe("");
    });

    dbTest('GET afterwards → 404 with a SCIM Error whose status is the string "404"', async ({ scim }) => {
      expectError(await scim("GET", `/Users/${alexId}`), 404);
      expect((await scim("GET", byFilter(`userName eq "${alexUserName}"`))).body.totalResults).toBe(0);
      expectError(await patch(alexId, [{ op: "Replace", path: "active", value: "True" }]), 404);
    });

    dbTest("DELETE again → 404", async ({ scim }) => {
      expectError(await scim("DELETE", `/Users/${alexId}`), 404);
    });

    dbTest("frees the userName for a later re-provisioning", async ({ scim }) => {
      const r = await scim("POST", "/Users", { schemas: [USER], userName: alexUserName, active: true });
      expect(r.status).toBe(201);
      expect(r.body.id).not.toBe(alexId);
    });
  });
});
