/**
 * Verified email domains, company sign-in links and the SSO throttle, over real HTTP and the CLI
 * against the built app, with a local DNS server (tests/support/dns.ts) as the domains' DNS:
 * - a tenant that claims another company's domain routes nobody and learns nothing from it;
 * - the owner proves ownership with its TXT record and routes; a domain changes hands;
 * - the periodic re-check keeps a domain through the grace period, then un-verifies it (and two
 *   instances on PostgreSQL do not check twice);
 * - a company sign-in link asks before sending people to a host Rollcall cannot vouch for;
 * - sign-in starts and assertion posts are throttled per address, and what they store is bounded;
 * - domains from before this release become unverified claims.
 */
import pg from "pg";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadMigrations, migratePostgres, migrateSqlite } from "@/lib/db/migrate";
import {
  createDatabase,
  credentialsSignIn,
  queryRows,
  startApp,
  testDatabases,
  type App,
  type TestDb,
} from "../support/app";
import { TestDns } from "../support/dns";
import { dbTest, describeEachDatabase, type SuiteOptions } from "../support/fixtures";
import { addSsoIdp, listDomains, postSamlResponse, type DomainRow, type SpDetails } from "../support/sso";
import { TestIdp } from "../support/test-idp";

const PASSWORD = "correct horse battery staple";

// Most tests here run the CLI several times, each run a new process: generous on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

type Company = { tenantId: string; email: string; name: string; sp: SpDetails; cookie: string };

async function company(app: App, idp: TestIdp, name: string, loginBase: string): Promise<Company> {
  const email = `admin@${name.toLowerCase().replace(/\W+/g, "-")}.example`;
  const { tenantId } = await app.cli(
    "tenant",
    "create",
    "--name",
    name,
    "--admin-email",
    email,
    "--admin-password",
    PASSWORD,
  );
  const sp = await addSsoIdp(app, tenantId!, { name: `${name} IdP`, metadata: idp.metadataXml(loginBase) });
  const signedIn = await credentialsSignIn(app, email, PASSWORD);
  if (!("cookie" in signedIn)) throw new Error("admin sign-in failed");
  return { tenantId: tenantId!, email, name, sp, cookie: signedIn.cookie };
}

const setDomains = (app: App, c: Company, domains: string) =>
  app.cli("idp", "sso-settings", "--idp", c.sp.idpId, "--email-domains", domains);
const verify = (app: App, c: Company, domain: string) =>
  app.cli<DomainRow>("domain", "verify", "--idp", c.sp.idpId, "--domain", domain);
const route = async (app: App, email: string) =>
  (await app.cli<{ idpId: string | null }>("domain", "route", "--email", email)).idpId;

/** What a claim looks like to its tenant, without the times (which move on every check). */
const view = (rows: DomainRow[]) =>
  rows.map(({ domain, state, recordName, recordValue, checkError }) => ({
    domain,
    state,
    recordName,
    recordValue,
    checkError,
  }));

/** A tab of the identity provider's page in the portal, as its admin sees it. */
async function idpPage(app: App, c: Company, tab: "sso" | "activity" = "sso"): Promise<string> {
  const res = await fetch(`${app.url}/identity-providers/${c.sp.idpId}/${tab}`, {
    headers: { Cookie: c.cookie },
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function auditActions(app: App, tenantId: string): Promise<string[]> {
  const rows = await queryRows<{ action: string; target: string | null }>(
    app.database,
    `SELECT action, target FROM "AuditEvent" WHERE "tenantId" = ? AND action LIKE 'sso_domain.%' ORDER BY at, id`,
    [tenantId],
  );
  return rows.map((r) => `${r.action} ${r.target}`);
}

// The DNS server of the running block: started in its set-up, before the app that is pointed at it.
let dns: TestDns;
const withDns =
  (env: Record<string, string> = {}) =>
  async () => {
    dns = await TestDns.start();
    return { ...env, DNS_SERVERS: dns.address };
  };

// The companies here are made with an SSO identity provider each, by `company`.
const domains: SuiteOptions = { env: withDns(), tenant: false, timeout: 180_000 };

describeEachDatabase("verified email domains on %s", domains, (suite) => {
  let idp: TestIdp;
  let owner: Company;
  let squatter: Company;

  beforeAll(async () => {
    idp = await TestIdp.create();
    await idp.start();
    [owner, squatter] = await Promise.all([
      company(suite.app, idp, "Victim Corp", "https://login.victim-corp.test"),
      company(suite.app, idp, "Squatter", "https://victim-corp-login.example"),
    ]);
  }, 180_000);
  afterAll(async () => {
    await idp?.stop();
    await dns?.stop();
  });

  dbTest(
    "a squatting tenant's claim routes nobody, is never refused, and tells it nothing about the owner",
    async ({ app }) => {
      await setDomains(app, squatter, "victim-corp.test");
      const [claim] = await listDomains(app, squatter.sp.idpId);
      expect(claim).toMatchObject({
        domain: "victim-corp.test",
        state: "pending",
        recordName: "_rollcall.victim-corp.test",
      });
      expect(claim!.recordValue).toMatch(/^rollcall-verification=[0-9a-f]{32}$/);
      const failed = await verify(app, squatter, "victim-corp.test");
      expect(failed.state).toBe("failed");
      expect(failed.checkError).toMatch(
        /No TXT record rollcall-verification=… with this domain's value was found/,
      );
      expect(await route(app, "ceo@victim-corp.test")).toBeNull();
      const before = view(await listDomains(app, squatter.sp.idpId));
      const pageBefore = await idpPage(app, squatter);
      expect(pageBefore).toContain("victim-corp.test");
      expect(pageBefore).toContain(claim!.recordValue);

      // The real owner claims it too — accepted, with a token of its own — and proves it.
      await setDomains(app, owner, "victim-corp.test");
      const [ownerClaim] = await listDomains(app, owner.sp.idpId);
      expect(ownerClaim!.state).toBe("pending");
      expect(ownerClaim!.recordValue).not.toBe(claim!.recordValue);
      dns.setTxt(ownerClaim!.recordName, ownerClaim!.recordValue);
      expect((await verify(app, owner, "victim-corp.test")).state).toBe("verified");
      expect(await route(app, "ceo@victim-corp.test")).toBe(owner.sp.idpId);

      // The squatter sees exactly what it saw before: same state, same words, and nothing of the owner.
      expect(view(await listDomains(app, squatter.sp.idpId))).toEqual(before);
      const again = await verify(app, squatter, "victim-corp.test");
      expect(again.state).toBe("failed");
      expect(again.checkError).toBe(failed.checkError);
      await setDomains(app, squatter, "victim-corp.test, squatter.example");
      const pageAfter = await idpPage(app, squatter);
      for (const secret of [owner.name, owner.tenantId, owner.sp.idpId, ownerClaim!.recordValue]) {
        expect(pageAfter).not.toContain(secret);
      }
      expect(pageAfter).not.toMatch(/already|in use|taken|verified by|different Rollcall account/i);
      expect(await route(app, "ceo@victim-corp.test")).toBe(owner.sp.idpId);
      // The owner's portal shows the domain verified, with its record.
      const ownerPage = await idpPage(app, owner);
      expect(ownerPage).toContain('data-state="verified"');
      expect(ownerPage).toContain(ownerClaim!.recordValue);
      expect(await auditActions(app, owner.tenantId)).toEqual(["sso_domain.verified victim-corp.test"]);
      expect(await auditActions(app, squatter.tenantId)).toEqual([]);
    },
  );

  dbTest(
    "accepts the record at the apex or with quotes; a wrong value reads as no record",
    async ({ app }) => {
      await setDomains(app, owner, "victim-corp.test, apex-corp.test");
      const apex = (await listDomains(app, owner.sp.idpId)).find((d) => d.domain === "apex-corp.test")!;
      dns.setTxt("apex-corp.test", "v=spf1 -all", "rollcall-verification=0123456789abcdef0123456789abcdef");
      const wrong = await verify(app, owner, "apex-corp.test");
      expect(wrong.state).toBe("failed");
      expect(wrong.checkError).toMatch(
        /No TXT record rollcall-verification=… with this domain's value was found/,
      );
      dns.setTxt("apex-corp.test", "v=spf1 -all", `"${apex.recordValue}"`);
      expect((await verify(app, owner, "apex-corp.test")).state).toBe("verified");
      expect(await route(app, "someone@apex-corp.test")).toBe(owner.sp.idpId);
      // Removing a domain from the list ends its routing at once.
      await setDomains(app, owner, "victim-corp.test");
      expect(await route(app, "someone@apex-corp.test")).toBeNull();
    },
  );

  dbTest(
    "a domain that changes hands: the new owner's proof wins once the old record is gone, not before",
    async ({ app }) => {
      await setDomains(app, squatter, "victim-corp.test, squatter.example, sold.test");
      await setDomains(app, owner, "victim-corp.test, sold.test");
      const first = (await listDomains(app, squatter.sp.idpId)).find((d) => d.domain === "sold.test")!;
      const second = (await listDomains(app, owner.sp.idpId)).find((d) => d.domain === "sold.test")!;
      dns.setTxt(first.recordName, first.recordValue);
      expect((await verify(app, squatter, "sold.test")).state).toBe("verified");
      // Both records published: the first verified claim keeps the domain, and only the domain's
      // owner — whose own record is there — is told about the other record.
      dns.setTxt(first.recordName, first.recordValue, second.recordValue);
      const held = await verify(app, owner, "sold.test");
      expect(held.state).toBe("failed");
      expect(held.checkError).toMatch(/another rollcall-verification record published on this domain/);
      expect(await route(app, "x@sold.test")).toBe(squatter.sp.idpId);
      // The domain's DNS now vouches only for the new owner.
      dns.setTxt(second.recordName, second.recordValue);
      expect((await verify(app, owner, "sold.test")).state).toBe("verified");
      expect(await route(app, "x@sold.test")).toBe(owner.sp.idpId);
      const previous = (await listDomains(app, squatter.sp.idpId)).find((d) => d.domain === "sold.test")!;
      expect(previous.state).toBe("failed");
      expect(previous.checkError).toMatch(/No TXT record/);
      expect(await auditActions(app, squatter.tenantId)).toEqual([
        "sso_domain.verified sold.test",
        "sso_domain.unverified sold.test",
      ]);
      const rows = await queryRows(
        app.database,
        `SELECT "tenantId" FROM "SsoDomain" WHERE "verifiedDomain" = ?`,
        ["sold.test"],
      );
      expect(rows).toEqual([{ tenantId: owner.tenantId }]);
    },
  );

  dbTest(
    "a company sign-in link names a host Rollcall cannot vouch for, and goes straight to one it can",
    async ({ app }) => {
      // Squatter's login URL is on a host of its own choosing: the link shows a page, no redirect.
      const link = await fetch(`${app.url}/login?company=${squatter.tenantId}`, { redirect: "manual" });
      expect(link.status).toBe(200);
      const html = await link.text();
      expect(html).toContain('data-testid="sso-interstitial"');
      expect(html).toContain("Sign in to <!-- -->Squatter");
      expect(html).toContain('data-host="victim-corp-login.example"');
      // Its Sign on URL too: to the same page, and no sign-in request is stored for it.
      const start = await fetch(squatter.sp.signInUrl, { redirect: "manual" });
      expect(start.status).toBe(303);
      expect(start.headers.get("location")).toBe(
        `${app.url}/login?idp=${squatter.sp.signInUrl.split("/")[5]}`,
      );
      const pending = await queryRows(app.database, `SELECT id FROM "SsoRequest" WHERE "idpId" = ?`, [
        squatter.sp.idpId,
      ]);
      expect(pending).toEqual([]);
      // The owner's login URL is under its verified domain: straight to the identity provider.
      const ownerLink = await fetch(`${app.url}/login?company=${owner.tenantId}`, { redirect: "manual" });
      expect(ownerLink.status).toBe(307);
      const ownerStart = await fetch(new URL(ownerLink.headers.get("location")!, app.url), {
        redirect: "manual",
      });
      expect(ownerStart.status).toBe(302);
      expect(ownerStart.headers.get("location")).toMatch(
        /^https:\/\/login\.victim-corp\.test\/saml\?SAMLRequest=/,
      );
    },
  );
});

const recheck: SuiteOptions = {
  // A re-check every 1.8 s and 36 s of grace (fractions of an hour are allowed).
  env: withDns({ DOMAIN_RECHECK_HOURS: "0.0005", DOMAIN_GRACE_HOURS: "0.01" }),
  tenant: false,
  // On PostgreSQL two instances share the database, as behind a load balancer.
  instances: (kind) => (kind === "postgres" ? 2 : 1),
  timeout: 180_000,
};

describeEachDatabase("periodic re-check of verified domains on %s", recheck, (suite) => {
  let idpId = "";
  let tenantId = "";

  const state = async () =>
    (
      await queryRows<{ verifiedDomain: string | null; failingSince: unknown; checkError: string | null }>(
        suite.app.database,
        `SELECT "verifiedDomain", "failingSince", "checkError" FROM "SsoDomain" WHERE domain = ?`,
        ["recheck.test"],
      )
    )[0]!;

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    const { app } = suite;
    ({ tenantId } = await app.cli(
      "tenant",
      "create",
      "--name",
      "Recheck",
      "--admin-email",
      "it@recheck.test",
      "--admin-password",
      PASSWORD,
    ));
    ({ idpId } = await app.cli(
      "idp",
      "add",
      "--tenant",
      tenantId,
      "--type",
      "saml",
      "--name",
      "Recheck IdP",
    ));
    await app.cli("idp", "sso-settings", "--idp", idpId, "--email-domains", "recheck.test");
    const [claim] = await listDomains(app, idpId);
    dns.setTxt(claim!.recordName, claim!.recordValue);
    expect(
      (await app.cli<DomainRow>("domain", "verify", "--idp", idpId, "--domain", "recheck.test")).state,
    ).toBe("verified");
  }, 180_000);
  afterAll(async () => {
    await dns?.stop();
  });

  dbTest(
    "keeps routing through the grace period while the record is missing, recovers, then un-verifies",
    async ({ app }) => {
      const [claim] = await listDomains(app, idpId);
      dns.remove(claim!.recordName);
      const failing = await until(state, (s) => s.failingSince !== null);
      expect(failing.verifiedDomain).toBe("recheck.test");
      expect(failing.checkError).toMatch(/No TXT record/);
      expect(await route(app, "a@recheck.test")).toBe(idpId);
      expect((await listDomains(app, idpId))[0]).toMatchObject({
        state: "verified",
        routesUntil: expect.any(String),
      });
      // The record comes back before the grace period ends: all is well again.
      dns.setTxt(claim!.recordName, claim!.recordValue);
      await until(state, (s) => s.failingSince === null && s.checkError === null);
      // Gone for good: after the grace period the domain stops routing, and the audit log says why.
      dns.remove(claim!.recordName);
      const gone = await until(state, (s) => s.verifiedDomain === null, 90_000);
      expect(gone.checkError).toMatch(/No TXT record/);
      expect(await route(app, "a@recheck.test")).toBeNull();
      expect((await listDomains(app, idpId))[0]!.state).toBe("failed");
      // One instance un-verified it, once.
      expect(await auditActions(app, tenantId)).toEqual([
        "sso_domain.verified recheck.test",
        "sso_domain.unverified recheck.test",
      ]);
      // Every instance runs the timer, but a check is claimed by one: consecutive look-ups of the
      // record are a re-check interval apart, never two at once.
      const times = dns.askedAt("_rollcall.recheck.test");
      expect(times.length).toBeGreaterThanOrEqual(4);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1500);
    },
  );
});

const throttled: SuiteOptions = {
  env: { SSO_RATE_LIMIT_PER_IP: "12", SSO_PENDING_REQUESTS_PER_IDP: "3" },
  tenant: false,
  timeout: 180_000,
};

describeEachDatabase("SSO throttle and bounded storage on %s", throttled, (suite) => {
  let idp: TestIdp;
  let c: Company;

  beforeAll(async () => {
    const { app } = suite;
    idp = await TestIdp.create();
    // Entra's own sign-in host: sign-in links redirect straight there.
    c = await company(app, idp, "Throttled", "https://login.microsoftonline.com/throttled");
    await app.cli("idp", "sso-settings", "--idp", c.sp.idpId, "--jit", "on");
  }, 180_000);

  dbTest(
    "counts junk refusals in one row, keeps the newest pending requests, and answers 429 beyond the limit",
    async ({ app }) => {
      // All requests of this test fall in one minute-long window.
      if (60_000 - (Date.now() % 60_000) < 25_000) {
        await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 100));
      }
      const junk = (i: number) =>
        fetch(c.sp.acsUrl, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            SAMLResponse: Buffer.from(`<junk n="${i}"/>`).toString("base64"),
          }).toString(),
        });
      for (let i = 0; i < 5; i++) expect((await junk(i)).status).toBe(303);
      const real = await postSamlResponse(
        c.sp.acsUrl,
        idp.samlResponse({ audience: c.sp.entityId, acsUrl: c.sp.acsUrl, nameId: "ada@throttled.example" }),
      );
      expect(real.status).toBe(303);
      expect(real.headers.get("location")).toBe(`${app.url}/account`);
      for (let i = 0; i < 6; i++) {
        const start = await fetch(c.sp.signInUrl, { redirect: "manual" });
        expect(start.status).toBe(302);
        expect(start.headers.get("location")).toMatch(
          /^https:\/\/login\.microsoftonline\.com\/throttled\/saml\?/,
        );
      }
      // The 13th request from this address in the minute: refused before anything is read or stored.
      for (const res of [await junk(99), await fetch(c.sp.signInUrl, { redirect: "manual" })]) {
        expect(res.status).toBe(429);
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await res.text()).toContain("Too many sign-in attempts");
      }
      const events = await queryRows<{ outcome: string; count: number; reason: string | null }>(
        app.database,
        `SELECT outcome, count, reason FROM "SsoEvent" WHERE "idpId" = ? ORDER BY at`,
        [c.sp.idpId],
      );
      expect(events).toMatchObject([
        { outcome: "refused", count: 5, reason: expect.stringMatching(/^malformed: /) },
        { outcome: "signed-in", count: 1 },
      ]);
      const pending = await queryRows(app.database, `SELECT id FROM "SsoRequest" WHERE "idpId" = ?`, [
        c.sp.idpId,
      ]);
      expect(pending).toHaveLength(3);
      // The admin sees both rows: the five refusals as one, the real sign-in next to it.
      const page = await idpPage(app, c, "activity");
      expect(page).toMatch(/Refused(<!-- -->)? ×5/);
      expect(page).toContain("ada@throttled.example");
    },
  );
});

describe.each(testDatabases())("upgrading with email domains on %s", (kind: TestDb) => {
  const MIGRATION = "verified_email_domains";

  it("existing domains become unverified claims: pending, with a token, routing nobody", async () => {
    const database = await createDatabase(kind);
    const provider = kind === "sqlite" ? "sqlite" : "pg";
    const mine = loadMigrations(provider).findIndex((m) => m.name.endsWith(MIGRATION));
    const before = loadMigrations(provider).slice(0, mine);
    const seed = [
      `INSERT INTO "Tenant" (id, name) VALUES ('t1', 'Old Corp')`,
      `INSERT INTO "IdentityProvider" ("tenantId", id, "displayName", type, "provisioningId", "updatedAt") VALUES ('t1', 'i1', 'Old IdP', 'saml', 'oldidp', CURRENT_TIMESTAMP)`,
      `INSERT INTO "SsoDomain" (domain, "tenantId", "idpId") VALUES ('old-corp.test', 't1', 'i1')`,
      `INSERT INTO "SsoDomain" (domain, "tenantId", "idpId") VALUES ('old-corp.example', 't1', 'i1')`,
    ];
    if (kind === "sqlite") {
      const raw = new Sqlite(database.url.slice("file:".length));
      migrateSqlite(raw, before);
      for (const statement of seed) raw.exec(statement);
      raw.close();
    } else {
      const pool = new pg.Pool({ connectionString: database.url });
      await migratePostgres(pool, before);
      for (const statement of seed) await pool.query(statement);
      await pool.end();
    }
    const app = await startApp(kind, { database });
    try {
      const rows = await listDomains(app, "i1");
      expect(rows.map((r) => [r.domain, r.state, r.checkedAt])).toEqual([
        ["old-corp.example", "pending", null],
        ["old-corp.test", "pending", null],
      ]);
      expect(rows[0]!.recordValue).toMatch(/^rollcall-verification=[0-9a-f]{32}$/);
      expect(rows[0]!.recordValue).not.toBe(rows[1]!.recordValue);
      expect(await route(app, "someone@old-corp.test")).toBeNull();
    } finally {
      await app.stop();
      await database.drop();
    }
  });
});
