/**
 * Rollcall as an OpenID Provider, over real HTTP against the built app on both databases: the
 * code flow with PKCE for a confidential and a public application through a SAML 2.0 and a
 * WS-Federation identity provider (the test IdP), ID tokens verified with jose against the JWKS,
 * userinfo, refresh, revocation, RP-initiated logout, the company chosen by login_hint,
 * organization or the work email typed on Rollcall's page — and the refusals.
 */
import { jwtVerify, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { callAction } from "../support/actions";
import { executeSql, queryRows } from "../support/app";
import { TestDns } from "../support/dns";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import {
  authorizeUrl,
  Browser,
  pkce,
  publishedJwks,
  redeem,
  registerApp,
  setUpCompany,
  signIn,
  tokenRequest,
  userinfo,
  type Client,
  type Company,
} from "../support/oidc";
import { patchOp, replaceActive } from "../support/scim-requests";

let dns: TestDns;
const env = async () => {
  dns = await TestDns.start();
  // The test IdP's login URL is on 127.0.0.1, which the operator trusts here.
  return { DNS_SERVERS: dns.address, SSO_TRUSTED_LOGIN_HOSTS: "127.0.0.1" };
};

describeEachDatabase("OpenID Provider on %s", { env, other: "Fabrikam" }, (suite) => {
  let company: Company;
  let web: Client & { postLogoutRedirectUri: string };
  let spa: Client & { postLogoutRedirectUri: string };
  let issuer: string;

  beforeAll(async () => {
    issuer = suite.app.url;
    company = await setUpCompany(suite, dns);
    web = await registerApp(suite.app, "web");
    spa = await registerApp(suite.app, "spa", { public: true });
  }, 120_000);

  afterAll(async () => {
    await company?.idp.stop();
    await dns?.stop();
  });

  const idpUrl = () => company.idp.url;

  async function idToken(token: unknown, client: Client, nonce: string) {
    expect(typeof token).toBe("string");
    const { payload, protectedHeader } = await jwtVerify(String(token), await publishedJwks(issuer), {
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
        expect(meta.issuer).toBe(issuer);
        expect(meta.authorization_endpoint).toBe(`${issuer}/oidc/auth`);
        expect(meta.token_endpoint).toBe(`${issuer}/oidc/token`);
        expect(meta.userinfo_endpoint).toBe(`${issuer}/oidc/userinfo`);
        expect(meta.end_session_endpoint).toBe(`${issuer}/oidc/session/end`);
        expect(meta.revocation_endpoint).toBe(`${issuer}/oidc/token/revocation`);
        expect(meta.response_types_supported).toEqual(["code"]);
        expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
        expect(meta.id_token_signing_alg_values_supported).toEqual(["RS256"]);
        expect(meta.grant_types_supported).toEqual(["authorization_code", "refresh_token"]);
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
        const signedIn = await signIn(issuer, web, idpUrl(), "ada@contoso.example", {
          params: { login_hint: "ada@contoso.example" },
        });
        expect(signedIn.callback.searchParams.get("state")).toBe(signedIn.state);
        expect(signedIn.callback.searchParams.get("iss")).toBe(issuer);
        const tokens = await redeem(issuer, web, signedIn);
        expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
        expect(tokens.body.token_type).toBe("Bearer");
        expect(tokens.body.refresh_token).toBeUndefined(); // no offline_access asked
        const claims = await idToken(tokens.body.id_token, web, signedIn.nonce);
        expect(claims).toMatchObject({
          email: "ada@contoso.example",
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

        const info = await userinfo(issuer, String(tokens.body.access_token));
        expect(info.status).toBe(200);
        expect(info.body).toMatchObject({
          sub: claims.sub,
          email: "ada@contoso.example",
          email_verified: true,
          org_id: suite.tenant.tenantId,
          idp: company.saml.idpId,
        });
      },
    );

    dbTest("a public application, through WS-Federation (login_hint), with PKCE and no secret", async () => {
      const signedIn = await signIn(issuer, spa, idpUrl(), "grace@wsfed.contoso.example", {
        params: { login_hint: "grace@wsfed.contoso.example" },
      });
      const tokens = await redeem(issuer, spa, signedIn);
      expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
      const claims = await idToken(tokens.body.id_token, spa, signedIn.nonce);
      expect(claims).toMatchObject({
        email: "grace@wsfed.contoso.example",
        email_verified: true,
        idp: company.wsfed.idpId,
        org_id: suite.tenant.tenantId,
        amr: ["pwd"],
        groups: [{ id: company.groups.engineering, name: "Engineering" }],
      });
    });

    dbTest("sub is stable per person and application, and differs between applications", async () => {
      const subOf = async (client: Client) => {
        const s = await signIn(issuer, client, idpUrl(), "ada@contoso.example", {
          params: { login_hint: "ada@contoso.example" },
        });
        const tokens = await redeem(issuer, client, s);
        return (await idToken(tokens.body.id_token, client, s.nonce)).sub;
      };
      const first = await subOf(web);
      expect(await subOf(web)).toBe(first);
      expect(await subOf(spa)).not.toBe(first);
    });

    dbTest("organization=<tenant id> goes to the tenant's default identity provider", async () => {
      const signedIn = await signIn(issuer, web, idpUrl(), "ada@contoso.example", {
        params: { organization: suite.tenant.tenantId },
      });
      const tokens = await redeem(issuer, web, signedIn);
      expect((await idToken(tokens.body.id_token, web, signedIn.nonce)).idp).toBe(company.saml.idpId);
    });

    dbTest("without a hint, Rollcall asks for the work email, which picks the company", async () => {
      const browser = new Browser();
      const { challenge } = pkce();
      const step = await browser.follow(
        authorizeUrl(issuer, web, { state: "s", nonce: "n", code_challenge: challenge }),
        (l) => l.includes("/email"),
      );
      const page = await browser.request(step.location!);
      expect(page.status).toBe(200);
      expect(page.html).toMatch(/Sign in to (<!-- -->)?web/);
      expect(page.html).toContain("Work email");
      const signedIn = await signIn(issuer, web, idpUrl(), "grace@wsfed.contoso.example");
      const tokens = await redeem(issuer, web, signedIn);
      expect((await idToken(tokens.body.id_token, web, signedIn.nonce)).idp).toBe(company.wsfed.idpId);
    });

    dbTest("email_verified is false for an address at a domain the tenant has not verified", async () => {
      const signedIn = await signIn(issuer, web, idpUrl(), "bob@contoso.example", {
        params: { login_hint: "bob@contoso.example" },
      });
      const tokens = await redeem(issuer, web, signedIn);
      const claims = await idToken(tokens.body.id_token, web, signedIn.nonce);
      expect(claims.email).toBe("bob@personal.example");
      expect(claims.email_verified).toBe(false);
      expect(claims.groups).toEqual([]);
    });

    dbTest("a second authorization in the same browser reuses the session (prompt=none)", async () => {
      const first = await signIn(issuer, web, idpUrl(), "ada@contoso.example", {
        params: { login_hint: "ada@contoso.example" },
      });
      const { verifier, challenge } = pkce();
      const again = await first.browser.follow(
        authorizeUrl(issuer, spa, { state: "t", nonce: "m", code_challenge: challenge, prompt: "none" }),
        (l) => l.startsWith(spa.redirectUri),
      );
      const code = new URL(again.location!).searchParams.get("code");
      expect(code).toBeTruthy();
      const tokens = await tokenRequest(issuer, spa, {
        grant_type: "authorization_code",
        code: code!,
        redirect_uri: spa.redirectUri,
        code_verifier: verifier,
      });
      expect(tokens.status).toBe(200);
    });
  });

  const hint = (email: string) => ({ params: { login_hint: email } });

  describe("tokens", () => {
    dbTest("offline_access (with prompt=consent) gives a refresh token that refreshes", async () => {
      const signedIn = await signIn(issuer, web, idpUrl(), "ada@contoso.example", {
        params: {
          login_hint: "ada@contoso.example",
          scope: "openid email offline_access",
          prompt: "consent",
        },
      });
      const tokens = await redeem(issuer, web, signedIn);
      expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
      expect(typeof tokens.body.refresh_token).toBe("string");
      const first = await idToken(tokens.body.id_token, web, signedIn.nonce);
      const refreshed = await tokenRequest(issuer, web, {
        grant_type: "refresh_token",
        refresh_token: String(tokens.body.refresh_token),
      });
      expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
      const again = await idToken(refreshed.body.id_token, web, signedIn.nonce);
      expect(again.sub).toBe(first.sub);
      expect(again.email).toBe("ada@contoso.example");
      expect((await userinfo(issuer, String(refreshed.body.access_token))).status).toBe(200);
    });

    dbTest(
      "revocation: a revoked access token is refused by userinfo, a revoked refresh token cannot refresh",
      async () => {
        const signedIn = await signIn(issuer, web, idpUrl(), "ada@contoso.example", {
          params: { login_hint: "ada@contoso.example", scope: "openid offline_access", prompt: "consent" },
        });
        const tokens = await redeem(issuer, web, signedIn);
        const revoke = (token: unknown) =>
          fetch(`${issuer}/oidc/token/revocation`, {
            method: "POST",
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              Authorization: `Basic ${Buffer.from(`${web.clientId}:${web.clientSecret}`).toString("base64")}`,
            },
            body: new URLSearchParams({ token: String(token) }).toString(),
          });
        expect((await userinfo(issuer, String(tokens.body.access_token))).status).toBe(200);
        expect((await revoke(tokens.body.access_token)).status).toBe(200);
        const refused = await userinfo(issuer, String(tokens.body.access_token));
        expect(refused.status).toBe(401);
        expect(refused.body.error).toBe("invalid_token");
        expect((await revoke(tokens.body.refresh_token)).status).toBe(200);
        const refresh = await tokenRequest(issuer, web, {
          grant_type: "refresh_token",
          refresh_token: String(tokens.body.refresh_token),
        });
        expect(refresh.status).toBe(400);
        expect(refresh.body.error).toBe("invalid_grant");
      },
    );

    dbTest(
      "RP-initiated logout ends the session and returns to the registered URI with the state",
      async () => {
        const signedIn = await signIn(
          issuer,
          web,
          idpUrl(),
          "ada@contoso.example",
          hint("ada@contoso.example"),
        );
        const tokens = await redeem(issuer, web, signedIn);
        const end = new URL(`${issuer}/oidc/session/end`);
        end.searchParams.set("id_token_hint", String(tokens.body.id_token));
        end.searchParams.set("post_logout_redirect_uri", web.postLogoutRedirectUri);
        end.searchParams.set("state", "bye-state");
        const confirm = await signedIn.browser.request(end.toString());
        expect(confirm.status).toBe(200);
        expect(confirm.html).toContain("Sign out of web?");
        const { fields, action } = formOfLogout(confirm.html);
        const done = await signedIn.browser.request(new URL(action, issuer).toString(), {
          form: { ...fields, logout: "yes" },
        });
        expect(done.location).toBe(`${web.postLogoutRedirectUri}?state=bye-state`);
        // The session is gone: a silent authorization now needs a sign-in.
        const { challenge } = pkce();
        const silent = await signedIn.browser.follow(
          authorizeUrl(issuer, web, { state: "x", nonce: "y", code_challenge: challenge, prompt: "none" }),
          (l) => l.startsWith(web.redirectUri),
        );
        expect(new URL(silent.location!).searchParams.get("error")).toBe("login_required");
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
      const { challenge } = pkce();
      const res = await fetch(
        authorizeUrl(
          issuer,
          { ...web, redirectUri: "http://localhost/elsewhere" },
          { state: "s", nonce: "n", code_challenge: challenge },
        ),
        { redirect: "manual" },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain(
        "redirect_uri did not match any of the client&#39;s registered redirect_uris",
      );
    });

    dbTest("PKCE is required, and a wrong code_verifier is refused", async () => {
      const browser = new Browser();
      const start = new URL(authorizeUrl(issuer, web, { state: "s", nonce: "n", code_challenge: "x" }));
      start.searchParams.delete("code_challenge");
      start.searchParams.delete("code_challenge_method");
      const missing = await browser.request(start.toString());
      expect(new URL(missing.location!).searchParams.get("error")).toBe("invalid_request");
      const signedIn = await signIn(
        issuer,
        web,
        idpUrl(),
        "ada@contoso.example",
        hint("ada@contoso.example"),
      );
      const wrong = await redeem(issuer, web, signedIn, { code_verifier: pkce().verifier });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toBe("invalid_grant");
    });

    dbTest("a code is used once: the second use is refused and revokes what the first issued", async () => {
      const signedIn = await signIn(
        issuer,
        web,
        idpUrl(),
        "ada@contoso.example",
        hint("ada@contoso.example"),
      );
      const first = await redeem(issuer, web, signedIn);
      expect(first.status).toBe(200);
      const second = await redeem(issuer, web, signedIn);
      expect(second.status).toBe(400);
      expect(second.body.error).toBe("invalid_grant");
      expect((await userinfo(issuer, String(first.body.access_token))).status).toBe(401);
    });

    dbTest("an expired code is refused", async ({ app }) => {
      const signedIn = await signIn(
        issuer,
        web,
        idpUrl(),
        "ada@contoso.example",
        hint("ada@contoso.example"),
      );
      await executeSql(
        app.database,
        `UPDATE "OidcModel" SET "expiresAt" = ? WHERE model = 'AuthorizationCode' AND id = ?`,
        [
          app.database.kind === "sqlite" ? "2020-01-01T00:00:00.000+00:00" : new Date("2020-01-01"),
          signedIn.code,
        ],
      );
      const tokens = await redeem(issuer, web, signedIn);
      expect(tokens.status).toBe(400);
      expect(tokens.body.error).toBe("invalid_grant");
    });

    dbTest("a wrong client secret, or none, is refused", async () => {
      const signedIn = await signIn(
        issuer,
        web,
        idpUrl(),
        "ada@contoso.example",
        hint("ada@contoso.example"),
      );
      const form = {
        grant_type: "authorization_code",
        code: signedIn.code,
        redirect_uri: web.redirectUri,
        code_verifier: signedIn.verifier,
      };
      const wrong = await tokenRequest(issuer, web, form, { secret: "rccs_not-the-secret" });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe("invalid_client");
      const none = await tokenRequest(issuer, { ...web, clientSecret: undefined }, form);
      expect(none.status).toBe(401);
      expect((await redeem(issuer, web, signedIn)).status).toBe(200);
    });

    dbTest("a login_hint at an unverified domain, or one no company has, routes nobody", async ({ app }) => {
      for (const email of ["someone@pending.example", "someone@nowhere.example"]) {
        const before = await queryRows(app.database, `SELECT id FROM "SsoRequest"`);
        const { challenge } = pkce();
        const browser = new Browser();
        const step = await browser.follow(
          authorizeUrl(issuer, web, { state: "s", nonce: "n", code_challenge: challenge, login_hint: email }),
          (l) => l.includes("/email") || l.startsWith(idpUrl()),
        );
        expect(step.location).toContain("/email?notice=unknown_domain");
        expect(step.location!.startsWith(idpUrl())).toBe(false);
        const page = await browser.request(step.location!);
        expect(page.html).toContain("No company sign-in for this address");
        expect(await queryRows(app.database, `SELECT id FROM "SsoRequest"`)).toHaveLength(before.length);
        // Typing it on the page does not route either.
        const uid = new URL(step.location!).pathname.split("/")[2]!;
        const reply = await callAction(issuer, "signInWithEmailAction", [uid, email], {
          cookie: browser.cookieHeader(step.location!),
          page: new URL(step.location!).pathname,
        });
        expect(reply.redirect).toBeNull();
        expect(reply.text).toContain("No company sign-in is set up for this email domain");
      }
    });

    dbTest(
      "an application limited to other tenants does not sign this tenant's people in",
      async ({ app, other }) => {
        const fabrikamOnly = await registerApp(app, "fabrikam-only", { tenants: [other.tenantId] });
        const { challenge } = pkce();
        const byHint = await new Browser().follow(
          authorizeUrl(issuer, fabrikamOnly, {
            state: "s",
            nonce: "n",
            code_challenge: challenge,
            login_hint: "ada@contoso.example",
          }),
          (l) => l.includes("/email") || l.startsWith(idpUrl()),
        );
        expect(byHint.location).toContain("/email?notice=not_allowed");
        const byOrganization = await new Browser().follow(
          authorizeUrl(issuer, fabrikamOnly, {
            state: "s",
            nonce: "n",
            code_challenge: challenge,
            organization: suite.tenant.tenantId,
          }),
          (l) => l.startsWith(fabrikamOnly.redirectUri) || l.startsWith(idpUrl()),
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
        const signedIn = await signIn(issuer, web, idpUrl(), "bob@contoso.example", {
          params: { login_hint: "bob@contoso.example", scope: "openid offline_access", prompt: "consent" },
        });
        const tokens = await redeem(issuer, web, signedIn);
        expect(tokens.status).toBe(200);
        expect(
          (await scim("PATCH", `/Users/${company.users.bob}`, patchOp(replaceActive(false)))).status,
        ).toBe(200);
        const refresh = await tokenRequest(issuer, web, {
          grant_type: "refresh_token",
          refresh_token: String(tokens.body.refresh_token),
        });
        expect(refresh.status).toBe(400);
        expect(refresh.body.error).toBe("invalid_grant");
        const info = await userinfo(issuer, String(tokens.body.access_token));
        expect(info.status).toBe(401);
        expect(info.body.error).toBe("invalid_token");
        // The session in that browser no longer signs them in silently…
        const { challenge } = pkce();
        const silent = await signedIn.browser.follow(
          authorizeUrl(issuer, web, { state: "x", nonce: "y", code_challenge: challenge, prompt: "none" }),
          (l) => l.startsWith(web.redirectUri),
        );
        expect(new URL(silent.location!).searchParams.get("error")).toBe("login_required");
        // …and signing in again through the identity provider is refused, and the application told.
        const { challenge: c2 } = pkce();
        const browser = new Browser();
        const atIdp = await browser.follow(
          authorizeUrl(issuer, web, {
            state: "z",
            nonce: "w",
            code_challenge: c2,
            login_hint: "bob@contoso.example",
          }),
          (l) => l.startsWith(idpUrl()),
        );
        const { signInAtTestIdp } = await import("../support/oidc");
        const back = await signInAtTestIdp(
          browser,
          await browser.request(atIdp.location!),
          "bob@contoso.example",
          web.redirectUri,
        );
        const answer = new URL(back.location!);
        expect(answer.searchParams.get("error")).toBe("access_denied");
        expect(answer.searchParams.get("state")).toBe("z");
        expect(answer.searchParams.get("code")).toBeNull();
        expect(
          (await scim("PATCH", `/Users/${company.users.bob}`, patchOp(replaceActive(true)))).status,
        ).toBe(200);
      },
    );

    dbTest("a sign-in started in one browser cannot be finished in another", async () => {
      // The attacker starts an authorization and sends the identity provider's URL to a victim.
      const attacker = new Browser();
      const { challenge } = pkce();
      const started = await attacker.follow(
        authorizeUrl(issuer, web, {
          state: "s",
          nonce: "n",
          code_challenge: challenge,
          login_hint: "ada@contoso.example",
        }),
        (l) => l.startsWith(idpUrl()),
      );
      const victim = new Browser();
      const { signInAtTestIdp } = await import("../support/oidc");
      const landed = await signInAtTestIdp(
        victim,
        await victim.request(started.location!),
        "ada@contoso.example",
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

  describe("keys", () => {
    dbTest(
      "rotation: new tokens are signed with the new key, old ones still verify, older keys retire",
      async ({ app }) => {
        const before = await signIn(
          issuer,
          web,
          idpUrl(),
          "ada@contoso.example",
          hint("ada@contoso.example"),
        );
        const oldToken = String((await redeem(issuer, web, before)).body.id_token);
        const oldKid = decodeProtectedHeader(oldToken).kid;
        const rotated = await app.cli<{ kid: string; previousKid: string }>("oidc", "rotate-keys");
        expect(rotated.previousKid).toBe(oldKid);
        // Every instance picks the new key up within KEY_CHECK_SECONDS (5).
        let newToken = oldToken;
        for (let i = 0; i < 20 && decodeProtectedHeader(newToken).kid === oldKid; i++) {
          await new Promise((r) => setTimeout(r, 500));
          const s = await signIn(issuer, web, idpUrl(), "ada@contoso.example", hint("ada@contoso.example"));
          newToken = String((await redeem(issuer, web, s)).body.id_token);
        }
        expect(decodeProtectedHeader(newToken).kid).toBe(rotated.kid);
        const jwks = await publishedJwks(issuer);
        await expect(jwtVerify(oldToken, jwks, { issuer, audience: web.clientId })).resolves.toBeTruthy();
        await expect(jwtVerify(newToken, jwks, { issuer, audience: web.clientId })).resolves.toBeTruthy();
        await app.cli("oidc", "rotate-keys");
        const published = (await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
        const kids = published.keys.map((k) => k.kid);
        // Within KEY_CHECK_SECONDS the instance publishes the newest two.
        await new Promise((r) => setTimeout(r, 5_500));
        const later = (
          (await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] }
        ).keys.map((k) => k.kid);
        expect(kids).toContain(rotated.kid);
        expect(later).toContain(rotated.kid);
        expect(later).not.toContain(oldKid);
        expect(later).toHaveLength(2);
      },
    );
  });

  describe("applications (CLI)", () => {
    dbTest(
      "rotate-secret: the old secret works for a grace period, --now ends it; remove ends the application",
      async ({ app }) => {
        const rotating = await registerApp(app, "rotating");
        const rotated = await app.cli<{ clientSecret: string; previousSecretValidUntil: string }>(
          "app",
          "rotate-secret",
          "--client",
          rotating.clientId,
        );
        expect(rotated.clientSecret).toMatch(/^rccs_/);
        expect(new Date(rotated.previousSecretValidUntil).getTime()).toBeGreaterThan(
          Date.now() + 23 * 3_600_000,
        );
        const authenticates = async (secret: string) => {
          const res = await tokenRequest(
            issuer,
            rotating,
            {
              grant_type: "authorization_code",
              code: "x",
              redirect_uri: rotating.redirectUri,
              code_verifier: "y".repeat(43),
            },
            { secret },
          );
          return res.body.error !== "invalid_client";
        };
        expect(await authenticates(rotating.clientSecret!)).toBe(true);
        expect(await authenticates(rotated.clientSecret)).toBe(true);
        const now = await app.cli<{ clientSecret: string; previousSecretValidUntil: string | null }>(
          "app",
          "rotate-secret",
          "--client",
          rotating.clientId,
          "--now",
        );
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
});

/** The logout confirmation's form (the provider's hidden xsrf field). */
function formOfLogout(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? "";
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[m[1]!] = m[2]!;
  return { action, fields };
}
