/**
 * The SCIM test suites that Microsoft and Okta publish, run unchanged against a Rollcall tenant:
 * Microsoft SCIMReferenceCode's Postman collection (with newman) and Okta's SCIM 2.0 spec test (a
 * Runscope export, with tests/support/runscope.ts). Every check is reported; the test fails on any
 * failing check that is not a documented deliberate difference (tests/conformance/
 * deliberate-differences.ts), and on a documented difference that no longer fails.
 */
import { randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { MICROSOFT, OKTA } from "../conformance/deliberate-differences";
import { provisionedTenant } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { report, type CheckResult, type DeliberateDifference } from "../support/conformance";
import { runPostmanCollection } from "../support/postman";
import { runRunscopeTest, type RunscopeTest } from "../support/runscope";
import { USER, call } from "../support/scim-client";

const SUITES = path.resolve(import.meta.dirname, "../conformance");
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(SUITES, file), "utf8"));

function judged(suite: string, kind: string, results: CheckResult[], differences: DeliberateDifference[]) {
  const r = report(suite, kind, results, differences);
  console.info(r.text);
  expect(results.length, `${suite}: no checks ran`).toBeGreaterThan(0);
  expect(
    r.unexpected.map((f) => f.id),
    `${suite}: failing checks not on the deliberate list\n${r.text}`,
  ).toEqual([]);
  expect(
    r.stale.map((d) => d.id),
    `${suite}: listed differences that no longer fail`,
  ).toEqual([]);
}

/** What Okta's "Initial Script" (Initial_Script_Spec.txt in Okta's developer docs) sets. */
function oktaInitialScriptVariables(): Record<string, string> {
  const pick = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");
  const firstName = `Runscope${pick("0123456789", 3)}`;
  const lastName =
    pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + pick("abcdefghijklmnopqrstuvwxyz", 8) + pick("0123456789", 3);
  const email = `${firstName}${lastName}@atko.com`;
  return {
    randomGivenName: firstName,
    randomFamilyName: lastName,
    randomEmail: email,
    randomUsername: email,
    InvalidUserEmail: "abcdefgh@atko.com",
    UserIdThatDoesNotExist: "010101001010101011001010101011",
    randomUsernameCaps: email.toUpperCase(),
    randomGroupName: `Runscope${pick("0123456789", 3)}`,
  };
}

// Each suite gets a tenant of its own, made in its test.
describeEachDatabase("vendor SCIM conformance suites on %s", { tenant: false }, () => {
  dbTest(
    "Microsoft SCIMReferenceCode Postman collection (newman)",
    async ({ app, kind }) => {
      // A tenant of its own: the collection expects an empty directory at the start.
      const t = await provisionedTenant(app, "Microsoft");
      const base = new URL(t.tenantUrl);
      const results = await runPostmanCollection({
        collection: readJson("microsoft/PostmanCollection.json"),
        // Its requests are {{Protocol}}://{{Server}}{{Port}}/{{Api}}/…
        environment: {
          Protocol: base.protocol.replace(/:$/, ""),
          Server: base.hostname,
          Port: base.port ? `:${base.port}` : "",
          Api: base.pathname.replace(/^\/+|\/+$/g, ""),
        },
        // Its requests send `Authorization: Bearer {{token}}`. The token would come from its first
        // request, "Get Token" (GET …/Token, a test route of Microsoft's reference server), whose
        // script sets the environment variable `token` from the answer; given as data, the tenant's
        // token takes precedence over whatever that script sets, and "Get Token" is judged as any
        // other check.
        data: { token: t.token },
        baseUrl: t.tenantUrl,
      });
      judged("Microsoft SCIMReferenceCode", kind, results, MICROSOFT);
    },
    180_000,
  );

  dbTest(
    "Okta SCIM 2.0 spec test (Runscope export)",
    async ({ app, kind }) => {
      const t = await provisionedTenant(app, "Okta");
      // Okta: "Create at least one user in your SCIM server before running the test suite."
      const existing = await call(t, "POST", "/Users", {
        schemas: [USER],
        userName: "existing.user@okta-spec.example",
        name: { givenName: "Existing", familyName: "User" },
        emails: [{ value: "existing.user@okta-spec.example", type: "work", primary: true }],
        displayName: "Existing User",
        active: true,
      });
      expect(existing.status, existing.text).toBe(201);
      const results = await runRunscopeTest(readJson("okta/Okta-SCIM-20-SPEC-Test.json") as RunscopeTest, {
        variables: {
          // Runscope's "Initial Variables", as Okta's guide has them set up.
          SCIMBaseURL: t.tenantUrl.replace(/\/+$/, ""),
          auth: `Bearer ${t.token}`,
          ISVUserid: String(existing.body.id),
          ...oktaInitialScriptVariables(),
        },
        baseUrl: t.tenantUrl.replace(/\/+$/, ""),
      });
      judged("Okta SCIM 2.0 spec test", kind, results, OKTA);
    },
    180_000,
  );
});
