/**
 * Generated SCIM traffic against the built app: bodies, filters, PATCH paths and headers drawn by
 * fast-check (valid, nearly valid and garbage). For every request: never a 5xx, never a stack trace,
 * an error is a SCIM error whose status matches. Afterwards the directory equals what the accepted
 * answers said: a rejected request changed nothing, an accepted one is stored exactly as answered.
 * FUZZ_REQUESTS (default 5,000 per database) and FUZZ_SEED make longer or repeatable runs.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { ENTERPRISE, PATCH_OP, USER } from "../support/scim-client";

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);

type Req = { method: string; path: string; body?: string; contentType?: string; ifMatch?: string };

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("", " ", "null", "True", "False", "💥", "a\u0000b", "<x/>", "' OR 1=1 --", "%", "_", "\\"),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const userName = fc.oneof(
  fc.stringMatching(/^[a-z]{1,8}@fuzz\.example$/),
  fc.constantFrom("Ada@Fuzz.example", "ada@fuzz.example", "bob@fuzz.example"),
  text,
);
/** Mostly well-typed (so many requests are accepted), one time in thirty anything at all. */
const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.tuple(fc.integer({ min: 0, max: 29 }), good, scalar).map(([n, g, bad]) => (n === 0 ? bad : g));
const userBody = fc.record(
  {
    schemas: mostly(fc.constantFrom([USER], [USER, ENTERPRISE])),
    userName: mostly(userName),
    active: mostly(fc.oneof(fc.boolean(), fc.constantFrom("True", "False"))),
    displayName: mostly(text),
    externalId: mostly(text),
    title: mostly(text),
    name: mostly(fc.record({ givenName: mostly(text), familyName: mostly(text) }, { requiredKeys: [] })),
    emails: mostly(
      fc.array(
        fc.record(
          { value: text, type: fc.constantFrom("work", "home"), primary: fc.boolean() },
          { requiredKeys: [] },
        ),
        {
          maxLength: 2,
        },
      ),
    ),
    [ENTERPRISE]: mostly(
      fc.record(
        { department: mostly(text), manager: mostly(fc.record({ value: text })) },
        { requiredKeys: [] },
      ),
    ),
    unknownAttribute: mostly(fc.constant(undefined)),
  },
  { requiredKeys: ["schemas", "userName"] },
);

const patchPath = fc.oneof(
  fc.constantFrom(
    "active",
    "title",
    "displayName",
    "name.givenName",
    "emails",
    'emails[type eq "work"].value',
    'emails[value co "x"]',
    `${ENTERPRISE}:department`,
    `${ENTERPRISE}:manager`,
    "userName",
    "id",
    "meta.created",
    "nope",
    "emails[",
    "",
  ),
  text,
);
const patchBody = fc.record({
  schemas: fc.oneof(fc.constant([PATCH_OP]), fc.array(text, { maxLength: 1 })),
  Operations: fc.oneof(
    fc.array(
      fc.record(
        {
          op: fc.constantFrom("add", "replace", "remove", "Add", "Replace", "REMOVE", "move", ""),
          path: patchPath,
          value: fc.oneof(scalar, userBody, fc.array(scalar, { maxLength: 3 })),
        },
        { requiredKeys: ["op"] },
      ),
      { maxLength: 4 },
    ),
    scalar,
  ),
});
const filter = fc.oneof(
  fc.constantFrom(
    'userName eq "ada@fuzz.example"',
    "userName sw a",
    'emails[type eq "work"].value co "@"',
    "active eq True",
    'meta.lastModified gt "2020-01-01T00:00:00Z"',
    "(",
    'userName eq "',
    "title pr and not (active eq false)",
  ),
  text,
);
const body = (b: unknown) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  );

/** A request; `id` stands for a known user id (or a made-up one). */
const request = (ids: () => string[]): fc.Arbitrary<Req> => {
  const id = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .nat()
        .map((n) => ids()[n % Math.max(1, ids().length)] ?? "00000000-0000-0000-0000-000000000000"),
    },
    { weight: 1, arbitrary: fc.oneof(fc.uuid(), text.map(encodeURIComponent)) },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant("application/scim+json") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"),
    },
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/Users"),
        body: userBody.chain(body),
        contentType,
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record(
        {
          method: fc.constant("PATCH"),
          path: id.map((i) => `/Users/${i}`),
          body: patchBody.chain(body),
          contentType,
          ifMatch: fc.oneof(fc.constant(undefined), fc.constantFrom('W/"1"', "*", "garbage")),
        },
        { requiredKeys: ["method", "path", "body", "contentType"] },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        method: fc.constant("PUT"),
        path: id.map((i) => `/Users/${i}`),
        body: userBody.chain(body),
        contentType,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ method: fc.constant("DELETE"), path: id.map((i) => `/Users/${i}`) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        method: fc.constant("GET"),
        path: filter.map((f) => `/Users?filter=${encodeURIComponent(f)}`),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        method: fc.constant("GET"),
        path: fc.tuple(id, text).map(([i, a]) => `/Users/${i}?attributes=${encodeURIComponent(a)}`),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        method: fc.constant("GET"),
        path: fc
          .tuple(fc.integer({ min: -5, max: 2000 }), fc.integer({ min: -5, max: 2000 }), text)
          .map(([s, c, o]) => `/Users?startIndex=${s}&count=${c}&sortBy=${encodeURIComponent(o)}`),
      }),
    },
  );
};

/** A resource without what changes on every write (meta, version) — what the model compares. */
function comparable(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => key !== "meta"));
}

const env = { SCIM_RATE_LIMIT_PER_TOKEN: "0" };

describeEachDatabase("fuzzed SCIM traffic on %s", { env, tenant: "Fuzz" }, () => {
  dbTest(
    `answers ${REQUESTS} generated requests without a 5xx, and stores exactly what it accepted`,
    async ({ kind, tenant }) => {
      const model = new Map<string, Record<string, unknown>>();
      const ids = () => [...model.keys()];
      const requests = fc.sample(request(ids), { numRuns: REQUESTS, seed: SEED });
      const statuses = new Map<number, number>();
      for (const r of requests) {
        const res = await fetch(`${tenant.tenantUrl}${r.path}`, {
          method: r.method,
          headers: {
            Authorization: `Bearer ${tenant.token}`,
            ...(r.contentType ? { "Content-Type": r.contentType } : {}),
            ...(r.ifMatch ? { "If-Match": r.ifMatch } : {}),
          },
          body: r.body,
        });
        const raw = await res.text();
        const where = `seed ${SEED}: ${r.method} ${r.path} ${r.body?.slice(0, 300) ?? ""} → ${res.status} ${raw.slice(0, 300)}`;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, where).toBeLessThan(500);
        expect(raw, where).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|node_modules|TypeError|SyntaxError: /);
        if (res.status >= 400) {
          const error = JSON.parse(raw) as { schemas: string[]; status: string; detail?: string };
          expect(error.schemas, where).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
          expect(error.status, where).toBe(String(res.status));
          continue;
        }
        const id = r.path.split("?")[0]!.split("/")[2];
        if (r.method === "DELETE") model.delete(decodeURIComponent(id!));
        else if (r.method !== "GET" && res.status !== 204) {
          const resource = JSON.parse(raw) as Record<string, unknown>;
          model.set(String(resource.id), comparable(resource));
        }
      }
      // The directory now holds exactly the accepted results.
      const stored = new Map<string, Record<string, unknown>>();
      for (let start = 1; ; start += 200) {
        const page = (await (
          await fetch(`${tenant.tenantUrl}/Users?startIndex=${start}&count=200`, {
            headers: { Authorization: `Bearer ${tenant.token}` },
          })
        ).json()) as { Resources: Record<string, unknown>[]; totalResults: number };
        for (const r of page.Resources) stored.set(String(r.id), comparable(r));
        if (start + 200 > page.totalResults) break;
      }
      expect([...stored.keys()].sort()).toEqual([...model.keys()].sort());
      for (const [id, doc] of model) expect(stored.get(id), `user ${id}`).toEqual(doc);
      console.log(
        `fuzz on ${kind}: ${REQUESTS} requests (seed ${SEED}), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ${model.size} users stored as answered`,
      );
    },
    600_000,
  );
});
