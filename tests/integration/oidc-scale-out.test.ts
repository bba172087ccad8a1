/**
 * The OpenID Provider on two app instances sharing one PostgreSQL database behind a load balancer
 * (tests/support/issuer-proxy.ts): no step of a sign-in depends on the instance that took the
 * previous one — the authorization and Rollcall's page on one, the identity provider's answer on
 * the other, the code redeemed on the first — a code redeemed on both at once is used once, and a
 * key rotated by the CLI signs on every instance within seconds.
 */
import { randomBytes } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, expect } from "vitest";
import { TestDns } from "../support/dns";
import { dbTest, describeOnDatabase } from "../support/fixtures";
import { IssuerProxy } from "../support/issuer-proxy";
import {
  authorizeUrl,
  Browser,
  pkce,
  publishedJwks,
  redeem,
  registerApp,
  SETUP_TIMEOUT,
  setUpCompany,
  signIn,
  signInAtTestIdp,
  tokenRequest,
  userinfo,
  type Client,
  type Company,
} from "../support/oidc";

let dns: TestDns;
let proxy: IssuerProxy;
const env = async () => {
  dns = await TestDns.start();
  proxy = await IssuerProxy.start();
  const secret = randomBytes(32).toString("hex");
  return {
    APP_URL: proxy.url,
    NEXTAUTH_URL: proxy.url,
    NEXTAUTH_SECRET: secret,
    ROLLCALL_SECRET_KEY: randomBytes(32).toString("base64"),
    DNS_SERVERS: dns.address,
    SSO_TRUSTED_LOGIN_HOSTS: "127.0.0.1",
  };
};

describeOnDatabase(
  "postgres",
  "OpenID Provider on two instances (postgres)",
  { env, instances: 2 },
  (suite) => {
    let company: Company;
    let web: Client;

    beforeAll(async () => {
      proxy.use(suite.apps[0]!);
      company = await setUpCompany(suite, dns);
      web = await registerApp(suite.app, "web");
    }, SETUP_TIMEOUT);

    afterAll(async () => {
      await company?.idp.stop();
      await proxy?.stop();
      await dns?.stop();
    });

    dbTest(
      "authorize on one instance, the identity provider's answer on the other, tokens on the first",
      async ({ apps }) => {
        const [one, two] = [apps[0]!, apps[1]!];
        const issuer = proxy.url;
        const browser = new Browser();
        const { verifier, challenge } = pkce();
        proxy.use(one);
        const atIdp = await browser.follow(
          authorizeUrl(issuer, web, {
            state: "s",
            nonce: "n",
            code_challenge: challenge,
            login_hint: "ada@contoso.example",
          }),
          (l) => l.startsWith(company.idp.url),
        );
        expect(atIdp.location?.startsWith(company.idp.url)).toBe(true);
        proxy.use(two);
        const back = await signInAtTestIdp(
          browser,
          await browser.request(atIdp.location!),
          "ada@contoso.example",
          web.redirectUri,
        );
        const code = new URL(back.location!).searchParams.get("code")!;
        expect(code).toBeTruthy();
        expect(proxy.served.filter((s) => s.path === "/oidc/auth").map((s) => s.target)).toContain(one.url);
        expect(proxy.served.some((s) => s.path.endsWith("/finish") && s.target === two.url)).toBe(true);
        proxy.use(one);
        const tokens = await tokenRequest(issuer, web, {
          grant_type: "authorization_code",
          code,
          redirect_uri: web.redirectUri,
          code_verifier: verifier,
        });
        expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
        const { payload } = await jwtVerify(String(tokens.body.id_token), await publishedJwks(issuer), {
          issuer,
          audience: web.clientId,
        });
        expect(payload).toMatchObject({
          nonce: "n",
          email: "ada@contoso.example",
          org_id: suite.tenant.tenantId,
        });
        proxy.use(two);
        expect((await userinfo(issuer, String(tokens.body.access_token))).body.email).toBe(
          "ada@contoso.example",
        );
        const reused = await tokenRequest(issuer, web, {
          grant_type: "authorization_code",
          code,
          redirect_uri: web.redirectUri,
          code_verifier: verifier,
        });
        expect(reused.body.error).toBe("invalid_grant");
      },
    );

    dbTest("a code redeemed on both instances at the same moment is used once", async ({ apps }) => {
      proxy.use(apps[0]!);
      for (let round = 0; round < 3; round++) {
        const signedIn = await signIn(proxy.url, web, company.idp.url, "ada@contoso.example", {
          params: { login_hint: "ada@contoso.example" },
        });
        const form = {
          grant_type: "authorization_code",
          code: signedIn.code,
          redirect_uri: web.redirectUri,
          code_verifier: signedIn.verifier,
        };
        const results = await Promise.all(apps.map((app) => tokenRequest(app.url, web, form)));
        const statuses = results.map((r) => r.status).sort();
        expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 400]);
        expect(results.find((r) => r.status === 400)?.body.error).toBe("invalid_grant");
      }
    });

    dbTest("a key rotated by the CLI signs on every instance within seconds", async ({ app, apps }) => {
      const rotated = await app.cli<{ kid: string }>("oidc", "rotate-keys");
      await new Promise((r) => setTimeout(r, 5_500));
      for (const instance of apps) {
        proxy.use(instance);
        const signedIn = await signIn(proxy.url, web, company.idp.url, "ada@contoso.example", {
          params: { login_hint: "ada@contoso.example" },
        });
        const tokens = await redeem(proxy.url, web, signedIn);
        expect(decodeProtectedHeader(String(tokens.body.id_token)).kid).toBe(rotated.kid);
      }
    });
  },
);
