/**
 * OpenID Connect identity providers (decision 0016), over real HTTP against the built app on both
 * databases: a person signs in through a real OpenID Provider (oidc-provider on loopback) to My
 * account and to an application through Rollcall's own OpenID Provider (roles from the groups
 * claim, amr); a hostile issuer's ID tokens — tampered, unsigned, for another audience or issuer,
 * expired, with another or no nonce, HMAC-signed with the client secret, signed with an unknown key
 * — and unknown, used or foreign states are refused with a page that says why, never a 5xx, and
 * each is in the identity provider's sign-in activity; a key the issuer rotates in is picked up.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { identityProviderListSchema } from "@/lib/api/schemas";
import { api, apiKey, conforms } from "../support/api";
import { queryRows, type App } from "../support/app";
import { TestDns } from "../support/dns";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import * as rp from "../support/oidc";
import { createdId, groupBody, userBody } from "../support/scim-requests";
import { verifyEmailDomains } from "../support/sso";
import {
  HostileOidcIdp,
  TestOidcIdp,
  type HostileMode,
  type OidcClientRegistration,
} from "../support/test-oidc-idp";

let dns: TestDns;
const env = async () => {
  dns = await TestDns.start();
  // The test issuers are on 127.0.0.1, which the operator trusts here (sign-in and outbound calls).
  return { DNS_SERVERS: dns.address, SSO_TRUSTED_LOGIN_HOSTS: "127.0.0.1" };
};

const OLIVE = "olive@olive.example";
const HAL = "hal@olive.example";

type OidcIdpDetails = { idpId: string; signInUrl: string; redirectUri: string; ssoReady: boolean };

/** Adds an OpenID Connect identity provider through the CLI (the secret from a file, as the CLI wants). */
async function addOidcIdp(
  app: App,
  tenantId: string,
  name: string,
  issuer: string,
  client: OidcClientRegistration,
  extra: string[] = [],
): Promise<OidcIdpDetails> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-oidc-"));
  const file = path.join(dir, "secret");
  fs.writeFileSync(file, client.clientSecret);
  try {
    const { idpId } = await app.cli(
      "idp",
      "add",
      "--tenant",
      tenantId,
      "--type",
      "oidc",
      "--name",
      name,
      "--issuer",
      issuer,
      "--client-id",
      client.clientId,
      "--client-secret-file",
      file,
      ...extra,
    );
    return app.cli<OidcIdpDetails>("idp", "show", "--idp", idpId!);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describeEachDatabase("OpenID Connect identity providers on %s", { env }, (suite) => {
  let issuer: TestOidcIdp;
  let hostile: HostileOidcIdp;
  let real: OidcIdpDetails;
  let bad: OidcIdpDetails;
  let web: rp.Client;
  let olive: string;

  beforeAll(async () => {
    const { app, tenant, scim } = suite;
    issuer = new TestOidcIdp();
    hostile = new HostileOidcIdp();
    await Promise.all([issuer.start(), hostile.start()]);
    [real, bad] = await Promise.all([
      addOidcIdp(app, tenant.tenantId, "Okta OIDC", issuer.url, issuer.client, ["--default"]),
      addOidcIdp(app, tenant.tenantId, "Hostile OIDC", hostile.url, hostile.client),
    ]);
    issuer.allowRedirectUri(real.redirectUri);
    await app.cli("idp", "sso-settings", "--idp", real.idpId, "--email-domains", "olive.example");
    await verifyEmailDomains(app, dns, real.idpId);
    olive = createdId(
      await scim(
        "POST",
        "/Users",
        userBody({
          userName: OLIVE,
          active: true,
          displayName: "Olive Idcee",
          emails: [{ value: OLIVE, type: "work", primary: true }],
        }),
      ),
    );
    createdId(await scim("POST", "/Users", userBody({ userName: HAL, active: true })));
    createdId(await scim("POST", "/Groups", groupBody("Staff", [olive])));
    web = await rp.registerApp(app, "web");
  }, rp.SETUP_TIMEOUT);

  afterAll(async () => {
    await issuer?.stop();
    await hostile?.stop();
    await dns?.stop();
  });

  /** The sign-in activity rows of an identity provider, newest first. */
  const activity = (idpId: string) =>
    queryRows<{ outcome: string; subject: string | null; reason: string | null; count: number }>(
      suite.app.database,
      `SELECT outcome, subject, reason, count FROM "SsoEvent" WHERE "idpId" = ? ORDER BY at DESC`,
      [idpId],
    );

  /** From the issuer's sign-in page (reached through `start`): signs in and follows until `stop`. */
  async function throughIssuer(
    browser: rp.Browser,
    start: string,
    username: string,
    groups: readonly string[],
    stop: (location: string) => boolean,
  ): Promise<rp.Step> {
    const toIssuer = await browser.follow(start, (l) => l.startsWith(`${issuer.url}/interaction/`));
    expect(toIssuer.location, toIssuer.html.slice(0, 300)).toMatch(/\/interaction\//);
    const page = await browser.request(toIssuer.location!);
    const { action } = rp.formOf(page.html);
    const done = await browser.request(`${issuer.url}${action}`, {
      form: { username, groups: groups.join(",") },
    });
    return browser.follow(done.location!, stop);
  }

  describe("signing in", () => {
    dbTest("a provisioned person signs in to My account: code flow with PKCE, state and nonce", async () => {
      const browser = new rp.Browser();
      const first = await browser.request(real.signInUrl);
      expect(first.status).toBe(302);
      const authorize = new URL(first.location!);
      expect(authorize.origin + authorize.pathname).toBe(`${issuer.url}/auth`);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
        client_id: issuer.client.clientId,
        redirect_uri: real.redirectUri,
        response_type: "code",
        scope: "openid profile email",
        code_challenge_method: "S256",
      });
      for (const p of ["state", "nonce", "code_challenge"]) {
        expect(authorize.searchParams.get(p)?.length).toBeGreaterThanOrEqual(43);
      }
      const landed = await throughIssuer(browser, real.signInUrl, OLIVE, [], (l) => l.endsWith("/account"));
      expect(landed.location).toBe(`${suite.app.url}/account`);
      const account = await browser.request(landed.location!);
      expect(account.status).toBe(200);
      expect(account.html).toContain("Olive Idcee");
      expect((await activity(real.idpId))[0]).toMatchObject({ outcome: "signed-in", subject: OLIVE });
    });

    dbTest(
      "a callback carried to another browser is refused before its code is redeemed (login CSRF)",
      async () => {
        // The attacker signs in as themselves and stops at the callback, then hands its URL to a
        // browser that started a sign-in of its own (so it has a binding), and to one with none.
        const withBinding = new rp.Browser();
        await withBinding.request(real.signInUrl);
        const issuedBefore = new Set(issuer.issued);
        const codes: string[] = [];
        for (const victim of [withBinding, new rp.Browser()]) {
          const callback = await throughIssuer(new rp.Browser(), real.signInUrl, OLIVE, [], (l) =>
            l.startsWith(real.redirectUri),
          );
          codes.push(new URL(callback.location!).searchParams.get("code")!);
          const answer = await victim.request(callback.location!);
          expect(answer.location).toBe(`${suite.app.url}/account/refused?reason=other_browser`);
          expect(victim.cookieNames(`${suite.app.url}/account`)).not.toContain("rollcall-account");
        }
        // Neither code was redeemed: the issuer handed out nothing but the codes.
        expect([...issuer.issued].filter((v) => !issuedBefore.has(v) && !codes.includes(v))).toEqual([]);
        expect((await activity(real.idpId))[0]).toMatchObject({ outcome: "refused" });
        expect((await activity(real.idpId))[0]!.reason).toMatch(/^other_browser: /);
        // Two sign-ins started in one browser (two tabs) each finish there (through the issuer that
        // answers every request at once: the test issuer keeps one grant per person and client).
        hostile.mode = "valid";
        hostile.username = HAL;
        const browser = new rp.Browser();
        const toCallback = (l: string) => l.startsWith(bad.redirectUri);
        const first = await browser.follow(bad.signInUrl, toCallback);
        const second = await browser.follow(bad.signInUrl, toCallback);
        expect(second.location).not.toBe(first.location);
        expect((await browser.request(first.location!)).location).toBe(`${suite.app.url}/account`);
        expect((await browser.request(second.location!)).location).toBe(`${suite.app.url}/account`);
      },
    );

    dbTest("a person the tenant did not provision is refused, and it is in the activity", async () => {
      const browser = new rp.Browser();
      const landed = await throughIssuer(browser, real.signInUrl, "nobody@olive.example", [], (l) =>
        l.includes("/account"),
      );
      expect(landed.location).toBe(`${suite.app.url}/account/refused?reason=not_provisioned`);
      expect((await activity(real.idpId))[0]).toMatchObject({
        outcome: "refused",
        subject: "nobody@olive.example",
      });
    });
  });

  describe("an application through Rollcall's OpenID Provider", () => {
    beforeAll(async () => {
      const { key } = await apiKey(suite.app, "roles:write");
      for (const role of ["viewer", "member"]) {
        expect((await api(suite.app, key, "POST", "/roles", { key: role, name: role })).status).toBe(201);
      }
      const base = `/tenants/${suite.tenant.tenantId}/roles`;
      const mapping = { groupName: "Contractors", role: "viewer", precedence: 1 };
      expect((await api(suite.app, key, "POST", `${base}/mappings`, mapping)).status).toBe(201);
      expect((await api(suite.app, key, "PUT", `${base}/default`, { role: "member" })).status).toBe(200);
    });

    async function applicationSignIn(groups: readonly string[]) {
      const browser = new rp.Browser();
      const { verifier, challenge } = rp.pkce();
      const start = rp.authorizeUrl(suite.app.url, web, {
        state: "app-state",
        nonce: "app-nonce",
        code_challenge: challenge,
        login_hint: OLIVE,
      });
      const back = await throughIssuer(browser, start, OLIVE, groups, (l) => l.startsWith(web.redirectUri));
      const code = new URL(back.location!).searchParams.get("code");
      expect(code, back.location ?? back.html.slice(0, 300)).toBeTruthy();
      const tokens = await rp.tokenRequest(suite.app.url, web, {
        grant_type: "authorization_code",
        code: code!,
        redirect_uri: web.redirectUri,
        code_verifier: verifier,
      });
      expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
      const jwks = await rp.publishedJwks(suite.app.url);
      const { payload } = await jwtVerify(String(tokens.body.id_token), jwks, {
        issuer: suite.app.url,
        audience: web.clientId,
      });
      expect(payload.nonce).toBe("app-nonce");
      return payload;
    }

    dbTest(
      "ends with Rollcall's ID token: the user's claims, amr and roles from the issuer's groups claim",
      async () => {
        const claims = await applicationSignIn(["Contractors", "Elsewhere"]);
        expect(claims).toMatchObject({
          email: OLIVE,
          name: "Olive Idcee",
          org_id: suite.tenant.tenantId,
          idp: real.idpId,
          // RFC 8176 values only: the issuer's own "x-vendor-method" is left out.
          amr: ["mfa", "pwd"],
          roles: ["viewer"],
        });
        // The groups claim is the sign-in's: without it, the default role.
        expect((await applicationSignIn([])).roles).toEqual(["member"]);
        const stored = await queryRows<{ groups: string }>(
          suite.app.database,
          `SELECT groups FROM "SignInClaimGroups" WHERE "idpId" = ? AND "userId" = ?`,
          [real.idpId, olive],
        );
        expect(stored.map((r) => JSON.parse(r.groups))).toEqual([[]]);
      },
    );
  });

  describe("refusals", () => {
    /** A sign-in through the hostile issuer handing out `mode`'s ID token: where Rollcall sends the browser. */
    async function hostileSignIn(mode: HostileMode, username = HAL): Promise<string> {
      hostile.mode = mode;
      hostile.username = username;
      const step = await new rp.Browser().follow(bad.signInUrl, (l) => l.includes("/account"));
      expect(step.status, step.html.slice(0, 300)).toBeLessThan(500);
      return step.location ?? "";
    }

    const cases: [HostileMode, string][] = [
      ["tampered", "bad_signature"],
      ["alg-none", "bad_signature"],
      ["hs256", "bad_signature"],
      ["other-audience", "wrong_audience"],
      ["other-issuer", "wrong_issuer"],
      ["expired", "expired"],
      ["wrong-nonce", "unknown_request"],
      ["no-nonce", "unknown_request"],
    ];
    for (const [mode, reason] of cases) {
      dbTest(`an ID token that is ${mode} is refused (${reason}) and recorded`, async () => {
        expect(await hostileSignIn(mode)).toBe(`${suite.app.url}/account/refused?reason=${reason}`);
        const [last] = (await activity(bad.idpId)).filter((e) => e.reason?.startsWith(`${reason}:`));
        expect(last).toMatchObject({ outcome: "refused" });
        expect(last!.reason).toMatch(/ID token refused/);
      });
    }

    dbTest("a valid token, and one expired within the clock skew, sign in", async () => {
      expect(await hostileSignIn("valid")).toBe(`${suite.app.url}/account`);
      expect(await hostileSignIn("expired-within-skew")).toBe(`${suite.app.url}/account`);
    });

    dbTest("an unknown, a used, another identity provider's and a missing state are refused", async () => {
      // Refusals of one kind are counted in one row per 10 minutes (its reason is the first one's).
      const refusals = async (code: string) =>
        (await activity(bad.idpId))
          .filter((e) => e.reason?.startsWith(`${code}:`))
          .reduce((n, e) => n + Number(e.count), 0);
      const unknownBefore = await refusals("unknown_request");
      const browser = new rp.Browser();
      const callback = await browser.follow(bad.signInUrl, (l) => l.startsWith(bad.redirectUri));
      hostile.mode = "valid";
      hostile.username = HAL;
      const url = callback.location!;
      expect((await browser.request(url)).location).toBe(`${suite.app.url}/account`);
      // The same callback again: its state was used.
      expect((await browser.request(url)).location).toBe(
        `${suite.app.url}/account/refused?reason=unknown_request`,
      );
      const unknown = `${bad.redirectUri}?code=abc&state=${"x".repeat(43)}`;
      expect((await browser.request(unknown)).location).toMatch(/reason=unknown_request$/);
      // A state the other identity provider issued does not answer this one.
      const other = await browser.request(real.signInUrl);
      const otherState = new URL(other.location!).searchParams.get("state")!;
      const foreign = `${bad.redirectUri}?code=abc&state=${otherState}`;
      expect((await browser.request(foreign)).location).toMatch(/reason=unknown_request$/);
      expect((await browser.request(`${bad.redirectUri}?code=abc`)).location).toMatch(/reason=malformed$/);
      expect(await refusals("unknown_request")).toBe(unknownBefore + 3);
      const reasons = (await activity(bad.idpId)).map((e) => e.reason ?? "");
      expect(reasons).toContain("malformed: the callback carries no state");
    });

    dbTest("the issuer's error answer is refused as such", async () => {
      const browser = new rp.Browser();
      const start = await browser.request(bad.signInUrl);
      const state = new URL(start.location!).searchParams.get("state")!;
      const answer = `${bad.redirectUri}?error=access_denied&error_description=not+assigned&state=${state}`;
      expect((await browser.request(answer)).location).toMatch(/reason=idp_error$/);
      const [last] = await activity(bad.idpId);
      expect(last!.reason).toBe("idp_error: the identity provider answered access_denied: not assigned");
    });

    dbTest(
      "a key rotated in at the issuer is picked up: the JWKS is fetched again for an unknown key id",
      async () => {
        expect(await hostileSignIn("valid")).toBe(`${suite.app.url}/account`);
        await hostile.rotate();
        // Signed with a key the issuer does not publish (yet): no key verifies it.
        expect(await hostileSignIn("unknown-key")).toMatch(/reason=bad_signature$/);
        hostile.publishRotatedKey();
        // The JWKS is fetched again for an unknown key id at most once a minute.
        const wait = hostile.jwksServedAt + 61_000 - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        expect(await hostileSignIn("valid")).toBe(`${suite.app.url}/account`);
      },
      150_000,
    );
  });

  describe("configuration", () => {
    dbTest("an issuer on a private address is refused when it is added", async ({ app, tenant }) => {
      const client = { clientId: "x", clientSecret: "y" };
      await expect(addOidcIdp(app, tenant.tenantId, "Private", "https://10.1.2.3/", client)).rejects.toThrow(
        /10\.1\.2\.3, a private address/,
      );
      await expect(
        addOidcIdp(app, tenant.tenantId, "Nowhere", `${hostile.url}/nothing-here`, client),
      ).rejects.toThrow(/answered HTTP 404 for \/\.well-known\/openid-configuration/);
    });

    dbTest(
      "the client secret is stored sealed and read by the API as whether one is stored",
      async ({ app, tenant }) => {
        const rows = await queryRows<{ oidcClientSecret: string }>(
          app.database,
          `SELECT "oidcClientSecret" FROM "IdentityProvider" WHERE id = ?`,
          [real.idpId],
        );
        expect(rows[0]!.oidcClientSecret).toMatch(/^v1\./);
        expect(rows[0]!.oidcClientSecret).not.toContain(issuer.client.clientSecret);
        const { key } = await apiKey(app, "directory:read");
        const reply = await api(app, key, "GET", `/tenants/${tenant.tenantId}/identity-providers`);
        const list = conforms(identityProviderListSchema, reply.body).data;
        expect(list.find((i) => i.id === real.idpId)).toMatchObject({
          type: "oidc",
          loginUrl: null,
          certificate: null,
          oidc: {
            issuer: issuer.url,
            clientId: issuer.client.clientId,
            hasClientSecret: true,
            scopes: "openid profile email",
            claim: "email",
            groupsClaim: "groups",
          },
          sso: { redirectUri: real.redirectUri },
        });
        expect(reply.text).not.toContain(issuer.client.clientSecret);
        expect(reply.text).not.toContain(rows[0]!.oidcClientSecret);
      },
    );
  });

  dbTest("no client secret, code or token reaches the server log", ({ app }) => {
    const secrets = [
      issuer.client.clientSecret,
      hostile.client.clientSecret,
      ...issuer.issued,
      ...hostile.issued,
    ];
    expect(secrets.length).toBeGreaterThan(20);
    const logs = app.logs();
    for (const secret of secrets) expect(logs.includes(secret), "a secret is in the server log").toBe(false);
  });
});
