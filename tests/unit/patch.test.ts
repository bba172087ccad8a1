import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "@/lib/scim/document";
import { ScimError } from "@/lib/scim/errors";
import { applyPatch, parsePatchRequest, type PatchOp } from "@/lib/scim/patch";
import { USER_RESOURCE } from "@/lib/scim/schema/resource-types";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const UNIFLOW = "urn:ietf:params:scim:schemas:extension:uniFLOWOnline:2.0:User";

const alex = (): JsonObject => ({
  userName: "AlexW@contoso.com",
  active: true,
  displayName: "Alex Wilber",
  name: { givenName: "Alex", familyName: "Wilber" },
  emails: [{ type: "work", value: "alexw@contoso.com", primary: true }],
});

const ALEX_ID = "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b";

function patch(doc: JsonObject, ...ops: Record<string, unknown>[]) {
  return applyPatch(
    USER_RESOURCE,
    ALEX_ID,
    doc,
    parsePatchRequest({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: ops }),
  );
}

describe("PATCH: every shape Entra sends", () => {
  it.each([
    [{ op: "Replace", path: "active", value: "False" }, false],
    [{ op: "replace", path: "active", value: false }, false],
    [{ op: "REPLACE", path: "active", value: "True" }, true],
  ])("%j sets active to %s", (op, active) => {
    expect(patch(alex(), op).doc.active).toBe(active);
  });

  it("replaces displayName and name.familyName, keeping the other name parts", () => {
    const { doc } = patch(
      alex(),
      { op: "Replace", path: "displayName", value: "Alex W" },
      { op: "Replace", path: "name.familyName", value: "W" },
    );
    expect(doc.displayName).toBe("Alex W");
    expect(doc.name).toEqual({ givenName: "Alex", familyName: "W" });
  });

  it("sets the work email through a filtered path, creating it when missing", () => {
    const { doc } = patch(alex(), {
      op: "Add",
      path: 'emails[type eq "work"].value',
      value: "new@contoso.com",
    });
    expect(doc.emails).toEqual([{ type: "work", value: "new@contoso.com", primary: true }]);
    const { emails, ...noEmails } = alex();
    expect(emails).toBeDefined();
    const created = patch(noEmails, {
      op: "Add",
      path: 'emails[type eq "work"].value',
      value: "a@contoso.com",
    });
    expect(created.doc.emails).toEqual([{ type: "work", value: "a@contoso.com" }]);
  });

  it("sets enterprise attributes by URN path and the manager in all three forms", () => {
    let { doc } = patch(alex(), { op: "Add", path: `${ENT}:department`, value: "Sales" });
    expect(doc[ENT]).toEqual({ department: "Sales" });
    ({ doc } = patch(doc, {
      op: "Add",
      path: `${ENT}:manager`,
      value: "26118915-6090-4610-87e4-49d8ca9f808d",
    }));
    expect(doc[ENT]).toEqual({
      department: "Sales",
      manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d" },
    });
    ({ doc } = patch(doc, { op: "Add", path: "manager", value: [{ $ref: null, value: "other" }] }));
    expect((doc[ENT] as JsonObject).manager).toEqual({ value: "other" });
    ({ doc } = patch(doc, { op: "Remove", path: `${ENT}:manager` }));
    expect(doc[ENT]).toEqual({ department: "Sales" });
  });

  it("applies no-path values whose keys are dotted and URN-qualified paths", () => {
    const { doc } = patch(alex(), {
      op: "replace",
      value: {
        displayName: "Alex W",
        "name.givenName": "Alexander",
        "name.familyName": "W",
        [`${ENT}:employeeNumber`]: "42",
        active: "True",
      },
    });
    expect(doc).toMatchObject({
      displayName: "Alex W",
      name: { givenName: "Alexander", familyName: "W" },
      active: true,
    });
    expect(doc[ENT]).toEqual({ employeeNumber: "42" });
  });

  it("takes the PIN out of the document as a secret", () => {
    const result = patch(alex(), {
      op: "add",
      value: { title: "Engineer", [`${UNIFLOW}:cardNumber`]: "0042", [`${UNIFLOW}:pin`]: "1234" },
    });
    expect(result.doc.title).toBe("Engineer");
    expect(result.doc[UNIFLOW]).toEqual({ cardNumber: "0042" });
    expect(result.secrets).toEqual({ [`${UNIFLOW}:pin`]: "1234" });
    expect(JSON.stringify(result.doc)).not.toContain("1234");
  });

  it("removes the enterprise extension object when its last attribute goes", () => {
    const { doc } = patch(
      { ...alex(), [ENT]: { department: "Sales" } },
      { op: "remove", path: `${ENT}:department` },
    );
    expect(doc).not.toHaveProperty(ENT);
  });
});

describe("PATCH: RFC 7644 semantics", () => {
  it("adds values to a multi-valued attribute without duplicates", () => {
    const op = { op: "add", path: "phoneNumbers", value: [{ type: "work", value: "+1 555 0100" }] };
    const { doc } = patch(alex(), op, op);
    expect(doc.phoneNumbers).toEqual([{ type: "work", value: "+1 555 0100" }]);
  });

  it("removes only the values a filter matches", () => {
    const doc = {
      ...alex(),
      phoneNumbers: [
        { type: "work", value: "1" },
        { type: "mobile", value: "2" },
      ],
    };
    expect(patch(doc, { op: "remove", path: 'phoneNumbers[type eq "work"]' }).doc.phoneNumbers).toEqual([
      { type: "mobile", value: "2" },
    ]);
  });

  it.each<[Record<string, unknown>, string]>([
    [{ op: "replace", path: "id", value: "x" }, "mutability"],
    [{ op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" }, "mutability"],
    [{ op: "remove", path: "userName" }, "mutability"],
    [{ op: "replace", path: "nonexistent", value: "x" }, "invalidPath"],
    [{ op: "replace", path: "name.nope", value: "x" }, "invalidPath"],
    [{ op: "remove" }, "noTarget"],
    [{ op: "replace", path: 'phoneNumbers[type eq "fax"]', value: 5 }, "invalidValue"],
    [{ op: "replace", path: "active", value: "maybe" }, "invalidValue"],
    [{ op: "move", path: "active", value: true }, "invalidSyntax"],
  ])("refuses %j with 400 %s", (op, scimType) => {
    expect(() => patch(alex(), op)).toThrow(expect.objectContaining({ status: 400, scimType }));
  });
});

// --- properties -------------------------------------------------------------------------------

const simplePath = fc.constantFrom(
  "displayName",
  "title",
  "nickName",
  "name.givenName",
  "name.familyName",
  `${ENT}:department`,
  `${ENT}:costCenter`,
  `${UNIFLOW}:cardNumber`,
  "externalId",
);
const opArb: fc.Arbitrary<PatchOp> = fc.oneof(
  fc.record({
    op: fc.constantFrom("add" as const, "replace" as const),
    path: simplePath,
    value: fc.string({ maxLength: 10 }),
  }),
  fc.record({ op: fc.constant("remove" as const), path: simplePath, value: fc.constant(undefined) }),
  fc.record({
    op: fc.constantFrom("add" as const, "replace" as const),
    path: fc.constantFrom('emails[type eq "work"].value', 'phoneNumbers[type eq "mobile"].value'),
    value: fc.emailAddress(),
  }),
  fc.record({
    op: fc.constantFrom("add" as const, "replace" as const),
    path: fc.constant("active"),
    value: fc.constantFrom(true, false, "True", "False", "true"),
  }),
  fc.record({
    op: fc.constantFrom("add" as const, "replace" as const),
    path: fc.constant("bogusAttribute"),
    value: fc.string(),
  }),
);

function get(doc: JsonObject, path: string): unknown {
  if (path.startsWith("urn:")) {
    const i = path.lastIndexOf(":");
    const ext = doc[path.slice(0, i)] as JsonObject | undefined;
    return ext?.[path.slice(i + 1)];
  }
  return path.split(".").reduce<unknown>((v, k) => (v as JsonObject | undefined)?.[k], doc);
}

describe("PATCH properties", () => {
  it("is atomic: a request either applies every operation or changes nothing", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), (ops) => {
        const before = alex();
        const snapshot = structuredClone(before);
        try {
          const { doc } = applyPatch(USER_RESOURCE, ALEX_ID, before, ops);
          expect(doc.userName).toBe("AlexW@contoso.com");
          expect(ops.some((o) => o.path === "bogusAttribute")).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
          expect(ops.some((o) => o.path === "bogusAttribute")).toBe(true);
        }
        expect(before).toEqual(snapshot);
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves the last value written: replace then read gives the value", () => {
    fc.assert(
      fc.property(simplePath, fc.string({ minLength: 1, maxLength: 10 }), (path, value) => {
        const { doc } = applyPatch(USER_RESOURCE, ALEX_ID, alex(), [{ op: "replace", path, value }]);
        expect(get(doc, path)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it("is idempotent for add and replace", () => {
    fc.assert(
      fc.property(
        fc.array(
          opArb.filter((o) => o.op !== "remove" && o.path !== "bogusAttribute"),
          { minLength: 1, maxLength: 5 },
        ),
        (ops) => {
          const once = applyPatch(USER_RESOURCE, ALEX_ID, alex(), ops).doc;
          const twice = applyPatch(USER_RESOURCE, ALEX_ID, once, ops).doc;
          expect(twice).toEqual(once);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
