/**
 * The web edge over real HTTP: which client address Rollcall believes (TRUST_PROXY), and the page
 * Content-Security-Policy (a fresh nonce, no inline script) and its absence on the SCIM and health
 * APIs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsSignIn, provisionedTenant, startApp, testDatabases, type App } from "../support/app";

type Tenant = Awaited<ReturnType<typeof provisionedTenant>>;

const wrongToken = (t: Tenant, headers: Record<string, string> = {}) =>
  fetch(`${t.tenantUrl}/Users`, { headers: { Authorization: "Bearer rcs_wrong", ...headers } });

describe("client address without a trusted proxy (the default)", () => {
  let app: App;
  let t: Tenant;

  beforeAll(async () => {
    app = await startApp("sqlite", { env: { SCIM_RATE_LIMIT_FAILED_AUTH_PER_IP: "5" } });
    t = await provisionedTenant(app);
  });
  afterAll(() => app?.stop());

  it("ignores X-Forwarded-For and any client-sent copy of the internal address header", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await wrongToken(t, {
        "X-Forwarded-For": `198.51.100.${i + 1}`,
        "X-Real-IP": `198.51.100.${i + 1}`,
        "X-Rollcall-Client-Address": `192.0.2.${i + 1}`,
      });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });
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

describe.each(testDatabases())("web edge on %s", (kind) => {
  let app: App;
  let t: Tenant;
  let cookie: string;

  beforeAll(async () => {
    app = await startApp(kind);
    t = await provisionedTenant(app);
    const signedIn = await credentialsSignIn(app, t.email, t.password);
    if (!("cookie" in signedIn)) throw new Error("sign-in failed");
    cookie = signedIn.cookie;
  });
  afterAll(() => app?.stop());

  it("sends pages a Content-Security-Policy with a fresh nonce and no inline script", async () => {
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

  it("keeps the SCIM and health APIs' own strict headers", async () => {
    for (const res of [
      await fetch(`${app.url}/api/health/live`),
      await fetch(`${t.tenantUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${t.token}` } }),
    ]) {
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      await res.arrayBuffer();
    }
  });
});
