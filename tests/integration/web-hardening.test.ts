/**
 * The web edge over real HTTP: which client address Rollcall believes (TRUST_PROXY), the page
 * Content-Security-Policy (a fresh nonce, no inline script) and its absence on the SCIM and health
 * APIs, bad next-auth callback URLs, server actions from another origin or over 1 MB, page numbers
 * that do not fit, and log lines that cannot be forged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAction } from "../support/actions";
import { credentialsSignIn, provisionedTenant, startApp, type App } from "../support/app";
import {
  dbTest,
  describeEachDatabase,
  describeOnDatabase,
  type ProvisionedTenant as Tenant,
} from "../support/fixtures";

const wrongToken = (t: Tenant, headers: Record<string, string> = {}) =>
  fetch(`${t.tenantUrl}/Users`, { headers: { Authorization: "Bearer rcs_wrong", ...headers } });

const limited = { env: { SCIM_RATE_LIMIT_FAILED_AUTH_PER_IP: "5" } };

describeOnDatabase("sqlite", "client address without a trusted proxy (the default)", limited, () => {
  dbTest(
    "ignores X-Forwarded-For and any client-sent copy of the internal address header",
    async ({ tenant }) => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await wrongToken(tenant, {
          "X-Forwarded-For": `198.51.100.${i + 1}`,
          "X-Real-IP": `198.51.100.${i + 1}`,
          "X-Rollcall-Client-Address": `192.0.2.${i + 1}`,
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    },
  );
});

describe("client address behind TRUST_PROXY", () => {
  it("refuses to start with a TRUST_PROXY it cannot read", async () => {
    await expect(startApp("sqlite", { env: { TRUST_PROXY: "10.0.0.0/33" } })).rejects.toThrow(
      /TRUST_PROXY: "10\.0\.0\.0\/33" is not an address/,
    );
  });

  let hops: App;
  let listed: App;
  let th: Tenant;
  let tl: Tenant;

  beforeAll(async () => {
    const env = { SCIM_RATE_LIMIT_FAILED_AUTH_PER_IP: "3" };
    [hops, listed] = await Promise.all([
      startApp("sqlite", { env: { ...env, TRUST_PROXY: "1" } }),
      startApp("sqlite", { env: { ...env, TRUST_PROXY: "127.0.0.1/8, 10.0.0.0/8" } }),
    ]);
    [th, tl] = await Promise.all([provisionedTenant(hops), provisionedTenant(listed)]);
  });
  afterAll(async () => {
    await hops?.stop();
    await listed?.stop();
  });

  const statuses = async (t: Tenant, xff: string[]) => {
    const out: number[] = [];
    for (const value of xff) {
      const res = await wrongToken(t, { "X-Forwarded-For": value });
      out.push(res.status);
      await res.arrayBuffer();
    }
    return out;
  };

  it("with a hop count, takes the address the trusted proxy saw, whatever the client put in front", async () => {
    expect(await statuses(th, ["198.51.100.1", "1.1.1.1, 198.51.100.1", "2.2.2.2, 198.51.100.1"])).toEqual([
      401, 401, 401,
    ]);
    expect(await statuses(th, ["3.3.3.3, 198.51.100.1", "198.51.100.2"])).toEqual([429, 401]);
  });

  it("with proxy addresses, skips every trusted hop from the right", async () => {
    // 127.0.0.1 (the socket) and 10.x are trusted proxies; the client is the first other address.
    expect(
      await statuses(tl, ["198.51.100.7, 10.0.0.2", "9.9.9.9, 198.51.100.7, 10.1.1.1", "198.51.100.7"]),
    ).toEqual([401, 401, 401]);
    expect(await statuses(tl, ["198.51.100.7", "198.51.100.8, 10.0.0.2"])).toEqual([429, 401]);
  });
});

describeEachDatabase("web edge on %s", (suite) => {
  let cookie: string;

  beforeAll(async () => {
    const signedIn = await credentialsSignIn(suite.app, suite.tenant.email, suite.tenant.password);
    if (!("cookie" in signedIn)) throw new Error("sign-in failed");
    cookie = signedIn.cookie;
  });

  dbTest("sends pages a Content-Security-Policy with a fresh nonce and no inline script", async ({ app }) => {
    const nonces = new Set<string>();
    for (const path of ["/signin", "/signup", "/login", "/settings/profile", "/users"]) {
      const res = await fetch(`${app.url}${path}`, { headers: { Cookie: cookie } });
      const html = await res.text();
      const csp = res.headers.get("content-security-policy") ?? "";
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(scriptSrc).not.toContain("unsafe-inline");
      expect(scriptSrc).not.toContain("unsafe-eval");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
      nonces.add(nonce);
      // Every script element the page carries has this request's nonce.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(5);
  });

  dbTest("keeps the SCIM and health APIs' own strict headers", async ({ app, tenant }) => {
    for (const res of [
      await fetch(`${app.url}/api/health/live`),
      await fetch(`${tenant.tenantUrl}/Users?count=1`, {
        headers: { Authorization: `Bearer ${tenant.token}` },
      }),
    ]) {
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      await res.arrayBuffer();
    }
  });

  dbTest(
    "answers a next-auth callbackUrl that is not a URL with 400, wherever it is sent",
    async ({ app, tenant }) => {
      const csrf = await fetch(`${app.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const csrfCookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const bad = ["::::", "http://%zz", "\r\nINJECTED-LOG-LINE", "javascript:alert(1)"];
      for (const value of bad) {
        const query = await fetch(`${app.url}/api/auth/signin?callbackUrl=${encodeURIComponent(value)}`, {
          redirect: "manual",
        });
        expect(query.status).toBe(400);
        const body = await fetch(`${app.url}/api/auth/callback/credentials`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
          body: new URLSearchParams({
            email: tenant.email,
            password: "wrong password",
            csrfToken,
            callbackUrl: value,
            json: "true",
          }).toString(),
        });
        expect(body.status).toBe(400);
        const fromCookie = await fetch(`${app.url}/api/auth/session`, {
          headers: { Cookie: `${csrfCookie}; next-auth.callback-url=${encodeURIComponent(value)}` },
        });
        expect(fromCookie.status).toBe(400);
        // The bad cookie is cleared, so the browser recovers.
        expect(fromCookie.headers.getSetCookie().join("\n")).toMatch(/next-auth\.callback-url=;/);
      }
      // A foreign but well-formed URL is not followed: next-auth stays on this origin.
      const foreign = await fetch(
        `${app.url}/api/auth/signin?callbackUrl=${encodeURIComponent("https://evil.example/")}`,
        {
          redirect: "manual",
        },
      );
      expect(new URL(foreign.headers.get("location")!, app.url).origin).toBe(app.url);
    },
  );

  dbTest("never writes a control character from a request into the server log", async ({ app }) => {
    const marker = `FORGED-${Date.now()}`;
    for (const value of [`::::\n${marker} a`, `http://%zz\r\n${marker} b`, `/ok\u2028${marker} c`]) {
      const res = await fetch(`${app.url}/api/auth/signin?callbackUrl=${encodeURIComponent(value)}`, {
        redirect: "manual",
      });
      await res.arrayBuffer();
    }
    await new Promise((r) => setTimeout(r, 300));
    const logs = app.logs();
    // The refusal is logged (so an operator sees the attempt), escaped onto one line.
    expect(logs).toContain(marker);
    for (const line of logs.split(/\r\n|\r|\n|\u2028|\u2029/)) expect(line.startsWith(marker)).toBe(false);
  });

  dbTest(
    "refuses a server action from another origin with 403, and one over 1 MB with 413",
    async ({ app }) => {
      const foreign = await callAction(app.url, "setAdminViewAction", ["basic"], {
        cookie,
        origin: "https://evil.example",
      });
      expect(foreign.status).toBe(403);
      const big = await callAction(app.url, "setAdminViewAction", ["x".repeat(1_100_000)], { cookie });
      expect(big.status).toBe(413);
      const ok = await callAction(app.url, "setAdminViewAction", ["basic"], { cookie });
      expect(ok.status).toBe(200);
    },
  );

  dbTest("serves the users, groups and log pages whatever page number is asked for", async ({ app }) => {
    for (const path of ["/users", "/groups", "/logs"]) {
      for (const page of [
        "1e20",
        "Infinity",
        "-Infinity",
        "NaN",
        "-3",
        "0",
        "2.5",
        "99999999999999999999",
        "abc",
        "",
      ]) {
        const res = await fetch(`${app.url}${path}?page=${encodeURIComponent(page)}`, {
          headers: { Cookie: cookie },
          redirect: "manual",
        });
        expect([path, page, res.status]).toEqual([path, page, 200]);
        await res.arrayBuffer();
      }
      for (const query of [
        "page=1&page=2",
        "q=a&q=b",
        "sort=toString",
        "range=constructor",
        "resourceId=a&resourceId=b",
      ]) {
        const res = await fetch(`${app.url}${path}?${query}`, { headers: { Cookie: cookie } });
        expect([path, query, res.status]).toEqual([path, query, 200]);
        await res.arrayBuffer();
      }
    }
  });
});
