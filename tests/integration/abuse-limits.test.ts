/**
 * Abuse limits over real HTTP: per-token SCIM rate limits (429, Retry-After, SCIM error body,
 * logged), wrong tokens limited per address without holding back valid tokens, admin sign-in
 * throttling, security headers — and the per-token limit shared by two instances on PostgreSQL.
 */
import { expect } from "vitest";
import { credentialsSignIn, queryRows, type App } from "../support/app";
import { dbTest, describeOnDatabase } from "../support/fixtures";

const WINDOW_MS = 10_000;

/** Waits for the start of a 10-second rate-limit window, so a test's requests all fall in one. */
async function freshWindow(): Promise<void> {
  await new Promise((r) => setTimeout(r, WINDOW_MS - (Date.now() % WINDOW_MS) + 50));
}

const get = (url: string, token: string) => fetch(url, { headers: { Authorization: `Bearer ${token}` } });

const limits = {
  SCIM_RATE_LIMIT_PER_TOKEN: "30",
  SCIM_RATE_LIMIT_FAILED_AUTH_PER_IP: "5",
  SIGNIN_MAX_FAILURES: "3",
};

describeOnDatabase("sqlite", "abuse limits on sqlite", { env: limits, other: "Fabrikam" }, () => {
  dbTest(
    "answers 429 with Retry-After and a SCIM error once a token is over its limit, and logs it",
    async ({ app, tenant, other }) => {
      await freshWindow();
      const replies = await Promise.all(
        Array.from({ length: 40 }, () => get(`${tenant.tenantUrl}/Users?count=1`, tenant.token)),
      );
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(30);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
      const limited = replies.find((r) => r.status === 429)!;
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(10);
      expect(limited.headers.get("content-type")).toMatch(/application\/scim\+json/);
      expect(await limited.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "429",
      });
      // The other tenant's token has its own budget.
      expect((await get(`${other.tenantUrl}/Users?count=1`, other.token)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 800));
      const logged = await queryRows(
        app.database,
        `SELECT status FROM "ScimRequestLog" WHERE "tenantId" = ? AND status = 429`,
        [tenant.tenantId],
      );
      expect(logged).toHaveLength(10);
      // After the window, the token works again.
      await new Promise((r) => setTimeout(r, retryAfter * 1000));
      expect((await get(`${tenant.tenantUrl}/Users?count=1`, tenant.token)).status).toBe(200);
    },
  );

  dbTest("limits wrong tokens per address, without ever holding back a valid token", async ({ other }) => {
    const wrong = () => get(`${other.tenantUrl}/Users`, "rcs_wrong-token");
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(401);
    const blocked = await wrong();
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await blocked.json()).detail).toMatch(/wrong token/);
    expect((await get(`${other.tenantUrl}/Users?count=1`, other.token)).status).toBe(200);
  });

  dbTest(
    "pauses admin sign-in after too many wrong passwords, even with the right one",
    async ({ app, tenant, other }) => {
      const signIn = async (email: string, password: string) => {
        const result = await credentialsSignIn(app, email, password);
        return "cookie" in result ? "signed-in" : result.error;
      };
      expect(await signIn(tenant.email, tenant.password)).toBe("signed-in");
      for (let i = 0; i < 3; i++)
        expect(await signIn(tenant.email, "wrong password!!")).toBe("CredentialsSignin");
      expect(await signIn(tenant.email, tenant.password)).toBe("too-many-attempts");
      // Another admin (another email) from the same address is not affected by this account's pause.
      expect(await signIn(other.email, other.password)).toBe("signed-in");
    },
  );

  dbTest("sends security headers on pages and API answers", async ({ app, tenant }) => {
    for (const path of ["/signin", "/login", "/api/auth/csrf"]) {
      const res = await fetch(`${app.url}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain("unsafe-eval");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    }
    const apis = [
      fetch(`${app.url}/api/health/live`),
      fetch(`${app.url}/api/health/ready`),
      get(`${tenant.tenantUrl}/Users?count=1`, tenant.token),
      get(`${tenant.tenantUrl}/Users`, "wrong"),
    ];
    for (const res of await Promise.all(apis)) {
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const session = (await fetch(`${app.url}/api/auth/csrf`)).headers.getSetCookie().join("\n");
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });
});

const shared = { env: { SCIM_RATE_LIMIT_PER_TOKEN: "40", APP_URL: "https://rollcall.test" }, instances: 2 };

describeOnDatabase("postgres", "a per-token limit shared by two instances on PostgreSQL", shared, () => {
  dbTest(
    "counts what both instances accepted: 30 on one leave 10 for the other",
    async ({ apps, tenant }) => {
      const [a, b] = apps as [App, App];
      const path = new URL(tenant.tenantUrl).pathname;
      await freshWindow();
      let okA = 0;
      for (let i = 0; i < 30; i++)
        if ((await get(`${a.url}${path}/Users?count=1`, tenant.token)).status === 200) okA++;
      // A adds its counts to the shared row every 250 ms; give that time even on a busy machine.
      await new Promise((r) => setTimeout(r, 1500));
      const onB = [];
      for (let i = 0; i < 30; i++)
        onB.push((await get(`${b.url}${path}/Users?count=1`, tenant.token)).status);
      expect(okA).toBe(30);
      expect(onB.filter((s) => s === 200)).toHaveLength(10);
      expect(onB.filter((s) => s === 429)).toHaveLength(20);
    },
  );
});
