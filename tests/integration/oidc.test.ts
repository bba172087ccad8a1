/**
 * Rollcall as an OpenID Provider, over real HTTP against the built app on both databases: the
 * code flow with PKCE for a confidential and a public application through a SAML 2.0 and a
 * WS-Federation identity provider (the test IdP), ID tokens verified with jose against the JWKS,
 * userinfo, refresh, revocation, RP-initiated logout, the company chosen by login_hint,
 * organization or the work email typed on Rollcall's page — and the refusals.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { applicationCreatedSchema } from "@/lib/api/application-schemas";
import { callAction } from "../support/actions";
import { api, apiKey, conforms, expectProblem } from "../support/api";
import { executeSql, queryRows } from "../support/app";
import { TestDns } from "../support/dns";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import * as rp from "../support/oidc";
import { addMembers, patchOp, removeMembers, replaceActive } from "../support/scim-requests";

let dns: TestDns;
const env = async () => {
  dns = await TestDns.start();
  // The test IdP's login URL is on 127.0.0.1, which the operator trusts here.
  return { DNS_SERVERS: dns.address, SSO_TRUSTED_LOGIN_HOSTS: "127.0.0.1" };
};

type App = rp.Client & { postLogoutRedirectUri: string };

const ADA = "ada@contoso.example";
const OFFLINE = { scope: "openid email offline_access", prompt: "consent" };

/** An OAuth error answer: its status and `error`. */
function expectError(reply: rp.TokenReply, status: number, error: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error).toBe(error);
}

describeEachDatabase("OpenID Provider on %s", { env, other: "Fabrikam" }, (suite) => {
  let company: rp.Company;
  let web: App;
  let spa: App;
  let issuer: string;

  beforeAll(async () => {
    issuer = suite.app.url;
    company = await rp.setUpCompany(suite, dns);
    web = await rp.registerApp(suite.app, "web");
    spa = await rp.registerApp(suite.app, "spa", { public: true });
  }, rp.SETUP_TIMEOUT);

  afterAll(async () => {
    await company?.idp.stop();
    await dns?.stop();
  });

  /** A sign-in through the test IdP, the company chosen by login_hint unless `params` say otherwise. */
  const signIn = (
    client: rp.Client,
    username = ADA,
    params: Record<string, string> = { login_hint: username },
    email?: string,
    groups: readonly string[] = [],
  ) => rp.signIn(issuer, client, company.idp.url, username, { params, email, groups });

  /** Signs in and redeems the code; the token endpoint's answer. */
  /** Every secret the block was given (client secrets, codes, tokens): none may reach the server log. */
  const issued = new Set<string>();

  async function tokensFor(
    client: rp.Client,
    username = ADA,
    params?: Record<string, string>,
    groups: readonly string[] = [],
  ) {
    const signedIn = await signIn(client, username, params, undefined, groups);
    const tokens = await rp.redeem(issuer, client, signedIn);
    for (const v of [
      signedIn.code,
      client.clientSecret,
      tokens.body.access_token,
      tokens.body.refresh_token,
    ]) {
      if (typeof v === "string") issued.add(v);
    }
    return { signedIn, tokens };
  }

  /** An authorization request in `browser`, followed until it leaves for `stop` (the IdP by default). */
  function authorize(
    client: rp.Client,
    params: Record<string, string>,
    {
      browser = new rp.Browser(),
      stop = (l: string) => l.startsWith(company.idp.url) || l.includes("/email"),
    } = {},
  ) {
    const { challenge } = rp.pkce();
    return browser.follow(
      rp.authorizeUrl(issuer, client, { state: "s", nonce: "n", code_challenge: challenge, ...params }),
      stop,
    );
  }

  /** A silent authorization (prompt=none) in `browser`: where the application is sent back to. */
  async function silently(browser: rp.Browser, client: rp.Client): Promise<URL> {
    const step = await authorize(
      client,
      { prompt: "none" },
      { browser, stop: (l) => l.startsWith(client.redirectUri) },
    );
    return new URL(step.location!);
  }

  const refresh = (client: rp.Client, token: unknown) =>
    rp.tokenRequest(issuer, client, { grant_type: "refresh_token", refresh_token: String(token) });

  async function idToken(token: unknown, client: rp.Client, nonce: string) {
    expect(typeof token).toBe("string");
    const { payload, protectedHeader } = await jwtVerify(String(token), await rp.publishedJwks(issuer), {
      issuer,
      audience: client.clientId,
      algorithms: ["RS256"],
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.nonce).toBe(nonce);
    return payload;
  }

  describe("discovery", () => {
    dbTest(
      "publishes the code flow only, S256 PKCE, RS256 keys and the endpoints under the issuer",
      async () => {
        const res = await fetch(`${issuer}/.well-known/openid-configuration`);
        expect(res.status).toBe(200);
        const meta = (await res.json()) as Record<string, unknown>;
        expect(meta).toMatchObject({
          issuer,
          authorization_endpoint: `${issuer}/oidc/auth`,
          token_endpoint: `${issuer}/oidc/token`,
          userinfo_endpoint: `${issuer}/oidc/userinfo`,
          end_session_endpoint: `${issuer}/oidc/session/end`,
          revocation_endpoint: `${issuer}/oidc/token/revocation`,
          response_types_supported: ["code"],
          code_challenge_methods_supported: ["S256"],
          id_token_signing_alg_values_supported: ["RS256"],
          grant_types_supported: ["authorization_code", "refresh_token"],
        });
        expect(meta.scopes_supported).toEqual(expect.arrayContaining(["openid", "offline_access", "groups"]));
        const jwks = (await (await fetch(String(meta.jwks_uri))).json()) as {
          keys: Record<string, unknown>[];
        };
        expect(jwks.keys.length).toBeGreaterThan(0);
        for (const key of jwks.keys) {
          expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
          expect(key.d).toBeUndefined();
        }
      },
    );
  });

  describe("signing in", () => {
    dbTest(
      "a confidential application, through SAML 2.0 (login_hint): code → tokens → verified ID token",
      async () => {
        const { signedIn, tokens } = await tokensFor(web);
        expect(signedIn.callback.searchParams.get("state")).toBe(signedIn.state);
        expect(signedIn.callback.searchParams.get("iss")).toBe(issuer);
        expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
        expect(tokens.body.token_type).toBe("Bearer");
        expect(tokens.body.refresh_token).toBeUndefined(); // no offline_access asked
        const claims = await idToken(tokens.body.id_token, web, signedIn.nonce);
        expect(claims).toMatchObject({
          email: ADA,
          email_verified: true,
          name: "Ada Lovelace",
          given_name: "Ada",
          family_name: "Lovelace",
          org_id: suite.tenant.tenantId,
          idp: company.saml.idpId,
          amr: ["pwd"],
        });
        expect(claims.groups).toEqual([
          { id: company.groups.engineering, name: "Engineering" },
          { id: company.groups.staff, name: "Staff" },
        ]);
        // Pairwise: not the user's id, nor anything of the tenant.
        expect(claims.sub).not.toContain(company.users.ada);
        expect(String(claims.sub)).not.toContain(suite.tenant.tenantId);

        const info = await rp.userinfo(issuer, String(tokens.body.access_token));
        expect(info.status).toBe(200);
        expect(info.body).toMatchObject({
          sub: claims.sub,
          email: ADA,
          email_verified: true,
          org_id: suite.tenant.tenantId,
          idp: company.saml.idpId,
        });
      },
    );

    dbTest("a public application, through WS-Federation (login_hint), with PKCE and no secret", async () => {
      const { signedIn, tokens } = await tokensFor(spa, "grace@wsfed.contoso.example");
      expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
      expect(await idToken(tokens.body.id_token, spa, signedIn.nonce)).toMatchObject({
        email: "grace@wsfed.contoso.example",
        email_verified: true,
        idp: company.wsfed.idpId,
        org_id: suite.tenant.tenantId,
        amr: ["pwd"],
        groups: [{ id: company.groups.engineering, name: "Engineering" }],
      });
    });

    dbTest("sub is stable per person and application, and differs between applications", async () => {
      const subOf = async (client: rp.Client) => {
        const { signedIn, tokens } = await tokensFor(client);
        return (await idToken(tokens.body.id_token, client, signedIn.nonce)).sub;
      };
      const first = await subOf(web);
      expect(await subOf(web)).toBe(first);
      expect(await subOf(spa)).not.toBe(first);
    });

    dbTest("organization=<tenant id> goes to the tenant's default identity provider", async () => {
      const { signedIn, tokens } = await tokensFor(web, ADA, { organization: suite.tenant.tenantId });
      expect((await idToken(tokens.body.id_token, web, signedIn.nonce)).idp).toBe(company.saml.idpId);
    });

    dbTest("without a hint, Rollcall asks for the work email, which picks the company", async () => {
      const browser = new rp.Browser();
      const step = await authorize(web, {}, { browser });
      const page = await browser.request(step.location!);
      expect(page.status).toBe(200);
      expect(page.html).toMatch(/Sign in to (<!-- -->)?web/);
      expect(page.html).toContain("Work email");
      const signedIn = await signIn(web, "grace@wsfed.contoso.example", {});
      const tokens = await rp.redeem(issuer, web, signedIn);
      expect((await idToken(tokens.body.id_token, web, signedIn.nonce)).idp).toBe(company.wsfed.idpId);
    });

    dbTest("email_verified is false for an address at a domain the tenant has not verified", async () => {
      const { signedIn, tokens } = await tokensFor(web, "bob@contoso.example");
      const claims = await idToken(tokens.body.id_token, web, signedIn.nonce);
      expect(claims.email).toBe("bob@personal.example");
      expect(claims.email_verified).toBe(false);
      expect(claims.groups).toEqual([]);
    });

    dbTest("a second authorization in the same browser reuses the session (prompt=none)", async () => {
      const first = await signIn(web);
      const { verifier, challenge } = rp.pkce();
      const again = await first.browser.follow(
        rp.authorizeUrl(issuer, spa, { state: "t", nonce: "m", code_challenge: challenge, prompt: "none" }),
        (l) => l.startsWith(spa.redirectUri),
      );
      const code = new URL(again.location!).searchParams.get("code");
      expect(code).toBeTruthy();
      const tokens = await rp.redeem(issuer, spa, { ...first, code: code!, verifier });
      expect(tokens.status).toBe(200);
    });
  });

  describe("tokens", () => {
    dbTest("offline_access (with prompt=consent) gives a refresh token that refreshes", async () => {
      const { signedIn, tokens } = await tokensFor(web, ADA, { login_hint: ADA, ...OFFLINE });
      expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
      expect(typeof tokens.body.refresh_token).toBe("string");
      const first = await idToken(tokens.body.id_token, web, signedIn.nonce);
      const refreshed = await refresh(web, tokens.body.refresh_token);
      expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
      const again = await idToken(refreshed.body.id_token, web, signedIn.nonce);
      expect(again.sub).toBe(first.sub);
      expect(again.email).toBe(ADA);
      expect((await rp.userinfo(issuer, String(refreshed.body.access_token))).status).toBe(200);
    });

    dbTest(
      "revocation: a revoked access token is refused by userinfo, a revoked refresh token cannot refresh",
      async () => {
        const { tokens } = await tokensFor(web, ADA, { login_hint: ADA, ...OFFLINE });
        const revoke = (token: unknown) =>
          fetch(`${issuer}/oidc/token/revocation`, {
            method: "POST",
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              Authorization: `Basic ${Buffer.from(`${web.clientId}:${web.clientSecret}`).toString("base64")}`,
            },
            body: new URLSearchParams({ token: String(token) }).toString(),
          });
        expect((await rp.userinfo(issuer, String(tokens.body.access_token))).status).toBe(200);
        // Another application cannot revoke it (answered 200 all the same, as RFC 7009 asks).
        const byOther = await fetch(`${issuer}/oidc/token/revocation`, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            token: String(tokens.body.access_token),
            client_id: spa.clientId,
          }).toString(),
        });
        expect(byOther.status).toBe(200);
        expect((await rp.userinfo(issuer, String(tokens.body.access_token))).status).toBe(200);
        expect((await revoke(tokens.body.access_token)).status).toBe(200);
        expectError(await rp.userinfo(issuer, String(tokens.body.access_token)), 401, "invalid_token");
        expect((await revoke(tokens.body.refresh_token)).status).toBe(200);
        expectError(await refresh(web, tokens.body.refresh_token), 400, "invalid_grant");
      },
    );

    dbTest(
      "RP-initiated logout ends the session and returns to the registered URI with the state",
      async () => {
        const { signedIn, tokens } = await tokensFor(web);
        const end = new URL(`${issuer}/oidc/session/end`);
        end.searchParams.set("id_token_hint", String(tokens.body.id_token));
        end.searchParams.set("post_logout_redirect_uri", web.postLogoutRedirectUri);
        end.searchParams.set("state", "bye-state");
        const confirm = await signedIn.browser.request(end.toString());
        expect(confirm.status).toBe(200);
        expect(confirm.html).toContain("Sign out of web?");
        const { fields, action } = rp.formOf(confirm.html);
        const done = await signedIn.browser.request(new URL(action, issuer).toString(), {
          form: { ...fields, logout: "yes" },
        });
        expect(done.location).toBe(`${web.postLogoutRedirectUri}?state=bye-state`);
        // The session is gone: a silent authorization now needs a sign-in.
        expect((await silently(signedIn.browser, web)).searchParams.get("error")).toBe("login_required");
      },
    );

    dbTest(
      "signing keys are sealed in the database and client secrets kept only as hashes",
      async ({ app }) => {
        const keys = await queryRows<{ privateJwk: string }>(
          app.database,
          `SELECT "privateJwk" FROM "OidcSigningKey"`,
        );
        expect(keys.length).toBeGreaterThan(0);
        for (const k of keys) {
          expect(k.privateJwk).toMatch(/^v1\./);
          expect(k.privateJwk).not.toContain('"d"');
        }
        const apps = JSON.stringify(await queryRows(app.database, `SELECT * FROM "Application"`));
        expect(apps).not.toContain(web.clientSecret!);
        expect(apps).toContain(web.clientId);
      },
    );
  });

  describe("refusals", () => {
    dbTest("an unregistered redirect URI is answered on Rollcall's page, never redirected to", async () => {
      const { challenge } = rp.pkce();
      const elsewhere = { ...web, redirectUri: "http://localhost/elsewhere" };
      const res = await fetch(
        rp.authorizeUrl(issuer, elsewhere, { state: "s", nonce: "n", code_challenge: challenge }),
        {
          redirect: "manual",
        },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain(
        "redirect_uri did not match any of the client&#39;s registered redirect_uris",
      );
    });

    dbTest("PKCE is required, and a wrong code_verifier is refused", async () => {
      const start = new URL(rp.authorizeUrl(issuer, web, { state: "s", nonce: "n", code_challenge: "x" }));
      start.searchParams.delete("code_challenge");
      start.searchParams.delete("code_challenge_method");
      const missing = await new rp.Browser().request(start.toString());
      expect(new URL(missing.location!).searchParams.get("error")).toBe("invalid_request");
      const signedIn = await signIn(web);
      expectError(
        await rp.redeem(issuer, web, signedIn, { code_verifier: rp.pkce().verifier }),
        400,
        "invalid_grant",
      );
    });

    dbTest("a code is used once: the second use is refused and revokes what the first issued", async () => {
      const { signedIn, tokens: first } = await tokensFor(web);
      expect(first.status).toBe(200);
      expectError(await rp.redeem(issuer, web, signedIn), 400, "invalid_grant");
      expect((await rp.userinfo(issuer, String(first.body.access_token))).status).toBe(401);
    });

    dbTest("an expired code is refused", async ({ app }) => {
      const signedIn = await signIn(web);
      const past = app.database.kind === "sqlite" ? "2020-01-01T00:00:00.000+00:00" : new Date("2020-01-01");
      await executeSql(
        app.database,
        `UPDATE "OidcModel" SET "expiresAt" = ? WHERE model = 'AuthorizationCode' AND id = ?`,
        [past, signedIn.code],
      );
      expectError(await rp.redeem(issuer, web, signedIn), 400, "invalid_grant");
    });

    dbTest("a wrong client secret, or none, is refused", async () => {
      const signedIn = await signIn(web);
      const form = {
        grant_type: "authorization_code",
        code: signedIn.code,
        redirect_uri: web.redirectUri,
        code_verifier: signedIn.verifier,
      };
      expectError(
        await rp.tokenRequest(issuer, web, form, { secret: "rccs_not-the-secret" }),
        401,
        "invalid_client",
      );
      expectError(
        await rp.tokenRequest(issuer, { ...web, clientSecret: undefined }, form),
        401,
        "invalid_client",
      );
      expect((await rp.redeem(issuer, web, signedIn)).status).toBe(200);
    });

    dbTest("a login_hint at an unverified domain, or one no company has, routes nobody", async ({ app }) => {
      for (const email of ["someone@pending.example", "someone@nowhere.example"]) {
        const before = await queryRows(app.database, `SELECT id FROM "SsoRequest"`);
        const browser = new rp.Browser();
        const step = await authorize(web, { login_hint: email }, { browser });
        expect(step.location).toContain("/email?notice=unknown_domain");
        expect(step.location!.startsWith(company.idp.url)).toBe(false);
        const page = await browser.request(step.location!);
        expect(page.html).toContain("No company sign-in for this address");
        expect(await queryRows(app.database, `SELECT id FROM "SsoRequest"`)).toHaveLength(before.length);
        // Typing it on the page does not route either.
        const { pathname } = new URL(step.location!);
        const reply = await callAction(issuer, "signInWithEmailAction", [pathname.split("/")[2], email], {
          cookie: browser.cookieHeader(step.location!),
          page: pathname,
        });
        expect(reply.redirect).toBeNull();
        expect(reply.text).toContain("No company sign-in is set up for this email domain");
      }
    });

    dbTest(
      "an application limited to other tenants does not sign this tenant's people in",
      async ({ app, other }) => {
        const fabrikamOnly = await rp.registerApp(app, "fabrikam-only", { tenants: [other.tenantId] });
        expect((await authorize(fabrikamOnly, { login_hint: ADA })).location).toContain(
          "/email?notice=not_allowed",
        );
        const byOrganization = await authorize(
          fabrikamOnly,
          { organization: suite.tenant.tenantId },
          { stop: (l) => l.startsWith(fabrikamOnly.redirectUri) || l.startsWith(company.idp.url) },
        );
        const error = new URL(byOrganization.location!);
        expect(error.origin + error.pathname).toBe(fabrikamOnly.redirectUri);
        expect(error.searchParams.get("error")).toBe("access_denied");
        expect(error.searchParams.get("state")).toBe("s");
      },
    );

    dbTest(
      "a deprovisioned user: refused at sign-in; their refresh token and access token stop working",
      async ({ scim }) => {
        const bob = "bob@contoso.example";
        const { signedIn, tokens } = await tokensFor(web, bob, { login_hint: bob, ...OFFLINE });
        expect(tokens.status).toBe(200);
        expect(
          (await scim("PATCH", `/Users/${company.users.bob}`, patchOp(replaceActive(false)))).status,
        ).toBe(200);
        try {
          expectError(await refresh(web, tokens.body.refresh_token), 400, "invalid_grant");
          expectError(await rp.userinfo(issuer, String(tokens.body.access_token)), 401, "invalid_token");
          // The session in that browser no longer signs them in silently…
          expect((await silently(signedIn.browser, web)).searchParams.get("error")).toBe("login_required");
          // …and signing in again through the identity provider is refused, and the application told.
          const browser = new rp.Browser();
          const atIdp = await authorize(web, { login_hint: bob, state: "z" }, { browser });
          const back = await rp.signInAtTestIdp(
            browser,
            await browser.request(atIdp.location!),
            bob,
            web.redirectUri,
          );
          const answer = new URL(back.location!);
          expect(answer.searchParams.get("error")).toBe("access_denied");
          expect(answer.searchParams.get("state")).toBe("z");
          expect(answer.searchParams.get("code")).toBeNull();
        } finally {
          await scim("PATCH", `/Users/${company.users.bob}`, patchOp(replaceActive(true)));
        }
      },
    );

    dbTest("a sign-in started in one browser cannot be finished in another", async () => {
      // The attacker starts an authorization and sends the identity provider's URL to a victim.
      const attacker = new rp.Browser();
      const started = await authorize(web, { login_hint: ADA }, { browser: attacker });
      const victim = new rp.Browser();
      const landed = await rp.signInAtTestIdp(
        victim,
        await victim.request(started.location!),
        ADA,
        web.redirectUri,
      );
      // The victim's browser has the hand-off but not the interaction: nothing is finished.
      expect(landed.status).toBe(400);
      expect(landed.html).toContain("This sign-in has expired");
      // The attacker has the interaction but not the hand-off: resuming signs nobody in.
      const uid = new URL(landed.url).pathname.split("/")[2]!;
      const resumed = await attacker.follow(`${issuer}/oidc/auth/${uid}`, (l) =>
        l.startsWith(web.redirectUri),
      );
      expect(resumed.location ?? "").not.toContain("code=");
    });
  });

  describe("roles", () => {
    // Engineering (Ada, Grace; provisioned) → admin first; "Contractors", a name only the identity
    // provider's groups claim carries → viewer second; everyone else → member by default.
    beforeAll(async () => {
      const { key } = await apiKey(suite.app, "roles:write");
      for (const role of ["admin", "viewer", "member"]) {
        expect((await api(suite.app, key, "POST", "/roles", { key: role, name: role })).status).toBe(201);
      }
      const mappings = `/tenants/${suite.tenant.tenantId}/roles/mappings`;
      const byGroup = { groupId: company.groups.engineering, role: "admin", precedence: 1 };
      const byClaim = { groupName: "Contractors", role: "viewer", precedence: 2 };
      for (const body of [byGroup, byClaim]) {
        const reply = await api(suite.app, key, "POST", mappings, body);
        expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      }
      const fallback = { role: "member" };
      const reply = await api(
        suite.app,
        key,
        "PUT",
        `/tenants/${suite.tenant.tenantId}/roles/default`,
        fallback,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    });

    dbTest(
      "the ID token and userinfo carry roles from provisioned groups and the sign-in's groups claim, primary first",
      async () => {
        const { signedIn, tokens } = await tokensFor(web, ADA, { login_hint: ADA }, ["Contractors", "Other"]);
        expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
        expect((await idToken(tokens.body.id_token, web, signedIn.nonce)).roles).toEqual(["admin", "viewer"]);
        const info = await rp.userinfo(issuer, String(tokens.body.access_token));
        expect(info.body.roles).toEqual(["admin", "viewer"]);

        // The claim is the sign-in's: signing in again without it takes the role away.
        const again = await tokensFor(web, ADA);
        expect((await idToken(again.tokens.body.id_token, web, again.signedIn.nonce)).roles).toEqual([
          "admin",
        ]);
        // Through WS-Federation (SAML 1.1 attributes) too.
        const grace = "grace@wsfed.contoso.example";
        const viaWsFed = await tokensFor(spa, grace, { login_hint: grace }, ["contractors"]);
        expect((await idToken(viaWsFed.tokens.body.id_token, spa, viaWsFed.signedIn.nonce)).roles).toEqual([
          "admin",
          "viewer",
        ]);
      },
    );

    dbTest(
      "a groups claim is bounded: values past the first 200 never give a role, Unicode ones are kept",
      async () => {
        const junk = Array.from({ length: 250 }, (_, i) => `Ünïcødé グループ ${i} 👩‍💻`);
        const late = await tokensFor(web, ADA, { login_hint: ADA }, [...junk, "Contractors"]);
        expect(late.tokens.status, JSON.stringify(late.tokens.body)).toBe(200);
        expect((await idToken(late.tokens.body.id_token, web, late.signedIn.nonce)).roles).toEqual(["admin"]);
        const early = await tokensFor(web, ADA, { login_hint: ADA }, [...junk.slice(0, 199), "CONTRACTORS"]);
        expect((await idToken(early.tokens.body.id_token, web, early.signedIn.nonce)).roles).toEqual([
          "admin",
          "viewer",
        ]);
      },
    );

    dbTest("someone no mapping matches has the default role", async () => {
      const bob = "bob@contoso.example";
      const { signedIn, tokens } = await tokensFor(web, bob, { login_hint: bob });
      expect((await idToken(tokens.body.id_token, web, signedIn.nonce)).roles).toEqual(["member"]);
    });

    dbTest("a refresh after a membership change carries the new roles", async ({ scim }) => {
      const { tokens } = await tokensFor(web, ADA, { login_hint: ADA, ...OFFLINE }, ["Contractors"]);
      const group = `/Groups/${company.groups.engineering}`;
      expect((await scim("PATCH", group, patchOp(removeMembers(company.users.ada)))).status).toBe(204);
      try {
        const refreshed = await refresh(web, tokens.body.refresh_token);
        expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
        const claims = decodeJwt(String(refreshed.body.id_token));
        // Engineering's admin went with the membership; the claim of the sign-in still gives viewer.
        expect(claims.roles).toEqual(["viewer"]);
      } finally {
        expect((await scim("PATCH", group, patchOp(addMembers(company.users.ada)))).status).toBe(204);
      }
    });
  });

  describe("keys", () => {
    dbTest(
      "rotation: new tokens are signed with the new key, old ones still verify, older keys retire",
      async ({ app }) => {
        const kidOf = (token: string) => decodeProtectedHeader(token).kid;
        const newIdToken = async () => String((await tokensFor(web)).tokens.body.id_token);
        const oldToken = await newIdToken();
        const rotated = await app.cli<{ kid: string; previousKid: string }>("oidc", "rotate-keys");
        expect(rotated.previousKid).toBe(kidOf(oldToken));
        // Every instance picks the new key up within KEY_CHECK_SECONDS (5).
        let newToken = oldToken;
        for (let i = 0; i < 20 && kidOf(newToken) !== rotated.kid; i++) {
          await new Promise((r) => setTimeout(r, 500));
          newToken = await newIdToken();
        }
        expect(kidOf(newToken)).toBe(rotated.kid);
        const jwks = await rp.publishedJwks(issuer);
        await expect(jwtVerify(oldToken, jwks, { issuer, audience: web.clientId })).resolves.toBeTruthy();
        await expect(jwtVerify(newToken, jwks, { issuer, audience: web.clientId })).resolves.toBeTruthy();
        await app.cli("oidc", "rotate-keys");
        await new Promise((r) => setTimeout(r, 5_500));
        const published = (await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
        const kids = published.keys.map((k) => k.kid);
        expect(kids).toHaveLength(2);
        expect(kids).toContain(rotated.kid);
        expect(kids).not.toContain(kidOf(oldToken));
      },
    );
  });

  describe("applications (management API)", () => {
    dbTest(
      "registered through /api/v1/applications, an application signs people in; problems for bad input",
      async ({ app }) => {
        const { key } = await apiKey(app, "applications:write", "apps");
        const redirectUri = "https://app.example.com/callback";
        const created = await api(app, key, "POST", "/applications", {
          name: "API app",
          redirectUris: [redirectUri],
          tenantIds: [suite.tenant.tenantId],
        });
        expect(created.status, created.text).toBe(201);
        const body = conforms(applicationCreatedSchema, created.body);
        expect(body.clientSecret).toMatch(/^rccs_/);
        expect(created.headers.get("location")).toBe(`/api/v1/applications/${body.application.clientId}`);
        const client = { clientId: body.application.clientId, clientSecret: body.clientSecret!, redirectUri };
        const { signedIn, tokens } = await tokensFor(client);
        expect((await idToken(tokens.body.id_token, client, signedIn.nonce)).org_id).toBe(
          suite.tenant.tenantId,
        );

        const read = await api(app, key, "GET", `/applications/${client.clientId}`);
        expect(read.body).toMatchObject({
          name: "API app",
          public: false,
          tenantIds: [suite.tenant.tenantId],
        });
        expect(read.text).not.toContain(body.clientSecret!);
        const listed = await api(app, key, "GET", "/applications?limit=1000");
        expect((listed.body.data as { clientId: string }[]).map((a) => a.clientId)).toContain(
          client.clientId,
        );
        const renamed = await api(app, key, "PATCH", `/applications/${client.clientId}`, { name: "Renamed" });
        expect(renamed.body.name).toBe("Renamed");
        const rotated = await api(app, key, "POST", `/applications/${client.clientId}/rotate-secret`, {
          immediately: true,
        });
        expect(rotated.status).toBe(200);
        expect(rotated.body.previousSecretValidUntil).toBeNull();

        expectProblem(
          await api(app, key, "POST", "/applications", {
            name: "x",
            redirectUris: ["http://evil.example/cb"],
          }),
          422,
          "validation",
        );
        expectProblem(
          await api(app, key, "POST", "/applications", {
            name: "x",
            redirectUris: [redirectUri],
            tenantIds: ["no-such-tenant"],
          }),
          422,
        );
        const spa = await api(app, key, "POST", "/applications", {
          name: "spa",
          redirectUris: [redirectUri],
          public: true,
        });
        expect(spa.body.clientSecret).toBeNull();
        const spaId = (spa.body.application as { clientId: string }).clientId;
        expectProblem(
          await api(app, key, "POST", `/applications/${spaId}/rotate-secret`, {}),
          409,
          "conflict",
        );
        expect((await api(app, key, "DELETE", `/applications/${client.clientId}`)).status).toBe(204);
        expectProblem(await api(app, key, "GET", `/applications/${client.clientId}`), 404, "not-found");
        expectProblem(
          await api(app, (await apiKey(app, "webhooks:write")).key, "GET", "/applications"),
          403,
          "forbidden",
        );
      },
    );
  });

  describe("applications (CLI)", () => {
    dbTest(
      "rotate-secret: the old secret works for a grace period, --now ends it; remove ends the application",
      async ({ app }) => {
        const rotating = await rp.registerApp(app, "rotating");
        const rotate = (...flags: string[]) =>
          app.cli<{ clientSecret: string; previousSecretValidUntil: string | null }>(
            "app",
            "rotate-secret",
            "--client",
            rotating.clientId,
            ...flags,
          );
        const form = {
          grant_type: "authorization_code",
          code: "unknown",
          redirect_uri: rotating.redirectUri,
          code_verifier: "v".repeat(43),
        };
        // Past client authentication, an unknown code is invalid_grant; a bad secret never gets there.
        const authenticates = async (secret: string) =>
          (await rp.tokenRequest(issuer, rotating, form, { secret })).body.error === "invalid_grant";
        const rotated = await rotate();
        expect(rotated.clientSecret).toMatch(/^rccs_/);
        expect(new Date(rotated.previousSecretValidUntil!).getTime()).toBeGreaterThan(
          Date.now() + 23 * 3_600_000,
        );
        expect(await authenticates(rotating.clientSecret!)).toBe(true);
        expect(await authenticates(rotated.clientSecret)).toBe(true);
        const now = await rotate("--now");
        expect(now.previousSecretValidUntil).toBeNull();
        expect(await authenticates(rotated.clientSecret)).toBe(false);
        expect(await authenticates(now.clientSecret)).toBe(true);
        const listed = await app.cli<{ applications: { clientId: string; public: boolean }[] }>(
          "app",
          "list",
        );
        expect(listed.applications.find((a) => a.clientId === rotating.clientId)).toMatchObject({
          public: false,
        });
        expect(JSON.stringify(listed)).not.toContain(now.clientSecret);
        await app.cli("app", "remove", "--client", rotating.clientId);
        expect(await authenticates(now.clientSecret)).toBe(false);
      },
    );

    dbTest(
      "refuses an http redirect URI on a public host, and a public application has no secret",
      async ({ app }) => {
        await expect(
          app.cli("app", "create", "--name", "bad", "--redirect-uri", "http://app.example.com/cb"),
        ).rejects.toThrow(/redirectUris: must be an absolute https/);
        const created = await app.cli<Record<string, string>>(
          "app",
          "create",
          "--name",
          "spa2",
          "--redirect-uri",
          "https://app.example.com/cb",
          "--public",
        );
        expect(Object.keys(created)).toEqual(["clientId"]);
      },
    );
  });

  dbTest("no client secret, code or token reaches the server log", ({ app }) => {
    expect(issued.size).toBeGreaterThan(20);
    const logs = app.logs();
    for (const secret of issued) expect(logs.includes(secret), "a secret is in the server log").toBe(false);
  });
});
