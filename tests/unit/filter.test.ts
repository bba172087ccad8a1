import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "@/lib/scim/errors";
import { COMPARE_OPS, parseFilter, parsePatchPath, type Filter } from "@/lib/scim/filter";
import { filterText } from "../support/filter-text";

describe("parseFilter: the forms clients send", () => {
  it.each<[string, Filter]>([
    [
      'userName eq "AlexW@contoso.com"',
      { kind: "compare", op: "eq", path: "userName", value: "AlexW@contoso.com" },
    ],
    ["externalId eq jyoung", { kind: "compare", op: "eq", path: "externalId", value: "jyoung" }],
    ["active eq True", { kind: "compare", op: "eq", path: "active", value: true }],
    ["title pr", { kind: "present", path: "title" }],
    ['USERNAME EQ "x"', { kind: "compare", op: "eq", path: "USERNAME", value: "x" }],
    ["meta.version le 3.5", { kind: "compare", op: "le", path: "meta.version", value: 3.5 }],
    ["manager eq null", { kind: "compare", op: "eq", path: "manager", value: null }],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"',
      {
        kind: "compare",
        op: "eq",
        path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        value: "Sales",
      },
    ],
    [
      'emails[type eq "work"].value eq "alex@contoso.com"',
      {
        kind: "valuePath",
        path: "emails",
        filter: {
          kind: "and",
          left: { kind: "compare", op: "eq", path: "type", value: "work" },
          right: { kind: "compare", op: "eq", path: "value", value: "alex@contoso.com" },
        },
      },
    ],
  ])("%s", (text, ast) => expect(parseFilter(text)).toEqual(ast));

  it("binds not tighter than and, and and tighter than or", () => {
    expect(filterText(parseFilter("a eq 1 or b eq 2 and not (c pr)"))).toBe(
      "(a eq 1 or (b eq 2 and not (c pr)))",
    );
    expect(filterText(parseFilter("(a eq 1 or b eq 2) and c pr"))).toBe("((a eq 1 or b eq 2) and c pr)");
  });

  it("reads escapes in strings", () => {
    expect(parseFilter('displayName eq "say \\"hi\\" \\u00e9"')).toMatchObject({ value: 'say "hi" é' });
  });

  it.each([
    "",
    "userName eq",
    'userName xx "a"',
    "((",
    'userName eq "a" and',
    'emails[type eq "work"',
    'userName eq "unterminated',
    "not userName pr",
    '"quoted" eq "a"',
    "userName eq ]",
    `${"(".repeat(40)}a pr${")".repeat(40)}`,
  ])("rejects %j with 400 invalidFilter", (text) => {
    let error: unknown;
    try {
      parseFilter(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: "invalidFilter" });
  });
});

describe("parsePatchPath", () => {
  it("reads plain, URN, sub-attribute and filtered paths", () => {
    expect(parsePatchPath("name.familyName")).toEqual({ path: "name.familyName", filter: null, sub: null });
    expect(parsePatchPath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")).toEqual({
      path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
      filter: null,
      sub: null,
    });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: "emails",
      filter: { kind: "compare", op: "eq", path: "type", value: "work" },
      sub: "value",
    });
    expect(parsePatchPath('members[value eq "abc"]')).toMatchObject({ path: "members", sub: null });
  });

  it.each(["", "members[", 'members[value eq "x"] junk', 'members[value eq "x"].', "1abc"])(
    "rejects %j with 400 invalidPath",
    (text) => {
      expect(() => parsePatchPath(text)).toThrow(
        expect.objectContaining({ status: 400, scimType: "invalidPath" }),
      );
    },
  );
});

// --- properties -------------------------------------------------------------------------------

const name = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/)
  .filter((n) => !["and", "or", "not", "pr"].includes(n.toLowerCase()));
const attrPath = fc.oneof(
  name,
  fc.tuple(name, name).map(([a, b]) => `${a}.${b}`),
  name.map((n) => `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:${n}`),
);
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
);
const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    kind: fc.constant("compare" as const),
    op: fc.constantFrom(...COMPARE_OPS),
    path: attrPath,
    value,
  }),
  fc.record({ kind: fc.constant("present" as const), path: attrPath }),
);
const { filter: filterArb } = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constantFrom("and" as const, "or" as const),
      left: tie("filter"),
      right: tie("filter"),
    }),
    fc.record({ kind: fc.constant("not" as const), filter: tie("filter") }),
    fc.record({
      kind: fc.constant("valuePath" as const),
      path: name,
      filter: fc.oneof(
        fc.record({
          kind: fc.constant("compare" as const),
          op: fc.constantFrom(...COMPARE_OPS),
          path: name,
          value,
        }),
        fc.record({ kind: fc.constant("present" as const), path: name }),
      ),
    }),
  ),
}));

describe("parseFilter properties", () => {
  it("parses what it prints: parse(text(ast)) = ast", () => {
    fc.assert(
      fc.property(filterArb, (ast) => {
        expect(parseFilter(filterText(ast))).toEqual(ast);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses Unicode spaces as an invalid filter instead of looping on them", () => {
    for (const text of ["\u2005", '\u00a0userName eq "a"', 'userName\u3000eq "a"', "a\u2005"]) {
      expect(() => parseFilter(text)).toThrow(expect.objectContaining({ scimType: "invalidFilter" }));
    }
  });

  it("answers any input with a filter or a SCIM invalidFilter error, never anything else", () => {
    const alphabet = fc.constantFrom(
      ...'ab eq ne co pr and or not ( ) [ ] " \\ . : 1 true null urn'.split(" "),
      " ",
      '"',
      "(",
      ")",
      // Whitespace outside ASCII: not a separator in SCIM filters.
      "\u00a0",
      "\u2005",
      "\u3000",
      "\u2028",
      "\ufeff",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.string({ maxLength: 30, unit: "grapheme" }),
          fc.array(alphabet, { maxLength: 30 }).map((a) => a.join(" ")),
        ),
        (text) => {
          try {
            parseFilter(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ScimError);
            expect(error).toMatchObject({ status: 400, scimType: "invalidFilter" });
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});
