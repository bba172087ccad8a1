/**
 * The example application (examples/oidc-app, openid-client) against the real app on both
 * databases, behind a reverse proxy that is the issuer (OIDC_ISSUER differs from APP_URL, as when
 * Rollcall signs people in under its own host): it signs a person in through the SAML identity
 * provider, as a confidential and as a public client, and prints the claims — and it refuses an ID
 * token the proxy altered (signature no longer matching) or re-wrote as `alg: none`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { freePort } from "../../scripts/lib/pg-cluster.mjs";
import { TestDns } from "../support/dns";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { IssuerProxy, type TokenTamper } from "../support/issuer-proxy";
import {
  Browser,
  registerApp,
  SETUP_TIMEOUT,
  setUpCompany,
  signInAtTestIdp,
  type Company,
} from "../support/oidc";

const ROOT = path.resolve(import.meta.dirname, "../..");

let dns: TestDns;
let proxy: IssuerProxy;
const env = async () => {
  dns = await TestDns.start();
  proxy = await IssuerProxy.start();
  return { OIDC_ISSUER: proxy.url, DNS_SERVERS: dns.address, SSO_TRUSTED_LOGIN_HOSTS: "127.0.0.1" };
};

type Example = { url: string; output: () => string; stop: () => Promise<void> };

async function startExample(
  clientId: string,
  clientSecret: string | undefined,
  port: number,
): Promise<Example> {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["examples/oidc-app/app.mjs"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ROLLCALL_ISSUER: proxy.url,
      CLIENT_ID: clientId,
      ...(clientSecret ? { CLIENT_SECRET: clientSecret } : {}),
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; i < 100 && !output.includes("listening on"); i++) {
    if (child.exitCode !== null) throw new Error(`the example exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes("listening on")) throw new Error(`the example did not start:\n${output}`);
  return {
    url: `http://localhost:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const parts = (jwt: unknown) => String(jwt).split(".");

/** Keeps the signature, changes a claim: the signature no longer matches. */
const altered: TokenTamper = (body) => {
  const [header, payload, signature] = parts(body.id_token);
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
  return {
    ...body,
    id_token: [header, b64({ ...claims, email: "mallory@evil.example" }), signature].join("."),
  };
};

/** The same claims, unsigned. */
const unsigned: TokenTamper = (body) => {
  const [, payload] = parts(body.id_token);
  return { ...body, id_token: [b64({ alg: "none", typ: "JWT" }), payload, ""].join(".") };
};

describeEachDatabase("the example application (examples/oidc-app) on %s", { env }, (suite) => {
  let company: Company;
  let confidential: Example;
  let publicClient: Example;

  beforeAll(async () => {
    proxy.use(suite.app);
    company = await setUpCompany(suite, dns);
    const [p1, p2] = [await freePort(), await freePort()];
    const web = await registerApp(suite.app, "example", { redirectUri: `http://localhost:${p1}/callback` });
    const spa = await registerApp(suite.app, "example-public", {
      public: true,
      redirectUri: `http://localhost:${p2}/callback`,
    });
    confidential = await startExample(web.clientId, web.clientSecret, p1);
    publicClient = await startExample(spa.clientId, undefined, p2);
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await confidential?.stop();
    await publicClient?.stop();
    await company?.idp.stop();
    await proxy?.stop();
    await dns?.stop();
  });

  /** A person signs in to the example through the test IdP; the example's answer. */
  async function signInTo(example: Example, username: string) {
    const browser = new Browser();
    const start = `${example.url}/?login_hint=${encodeURIComponent(username)}`;
    const atIdp = await browser.follow(start, (l) => l.startsWith(company.idp.url));
    expect(atIdp.location?.startsWith(company.idp.url), atIdp.html.slice(0, 300)).toBe(true);
    const back = await signInAtTestIdp(
      browser,
      await browser.request(atIdp.location!),
      username,
      example.url,
    );
    expect(back.location?.startsWith(`${example.url}/callback`)).toBe(true);
    return browser.request(back.location!);
  }

  dbTest(
    "signs a person in and prints the claims, as a confidential and as a public client",
    async ({ tenant }) => {
      for (const example of [confidential, publicClient]) {
        const answer = await signInTo(example, "ada@contoso.example");
        expect(answer.status, answer.html).toBe(200);
        const claims = JSON.parse(answer.html) as Record<string, unknown>;
        expect(claims).toMatchObject({
          iss: proxy.url,
          email: "ada@contoso.example",
          email_verified: true,
          name: "Ada Lovelace",
          org_id: tenant.tenantId,
          idp: company.saml.idpId,
        });
        expect(example.output()).toContain('"signedIn"');
      }
    },
  );

  dbTest("refuses an ID token altered on the way, and one re-written as alg none", async () => {
    for (const tamper of [altered, unsigned]) {
      proxy.tamper(tamper);
      try {
        const answer = await signInTo(confidential, "ada@contoso.example");
        expect(answer.status).toBe(401);
        expect(answer.html).toMatch(/^Sign-in failed/);
        expect(answer.html).not.toContain("mallory@evil.example");
      } finally {
        proxy.tamper(null);
      }
    }
    const refusals = confidential
      .output()
      .split("\n")
      .filter((l) => l.includes('"refused"'));
    expect(refusals).toHaveLength(2);
    // Refused for the signature, not for something else on the way.
    const reasons = refusals.map((l) => (JSON.parse(l) as { reason: string }).reason);
    expect(reasons[0]).toMatch(/signature verification failed/i);
    expect(reasons[1]).toMatch(/unexpected JWT "alg"/);
    // And untouched, the same sign-in works.
    expect((await signInTo(confidential, "ada@contoso.example")).status).toBe(200);
  });

  dbTest(
    "an application's error reaches the example: a deprovisioned person is refused",
    async ({ scim }) => {
      const { patchOp, replaceActive } = await import("../support/scim-requests");
      await scim("PATCH", `/Users/${company.users.grace}`, patchOp(replaceActive(false)));
      try {
        const browser = new Browser();
        const start = `${confidential.url}/?login_hint=grace@wsfed.contoso.example`;
        const atIdp = await browser.follow(start, (l) => l.startsWith(company.idp.url));
        const back = await signInAtTestIdp(
          browser,
          await browser.request(atIdp.location!),
          "grace@wsfed.contoso.example",
          confidential.url,
        );
        expect(new URL(back.location!).searchParams.get("error")).toBe("access_denied");
        const answer = await browser.request(back.location!);
        expect(answer.status).toBe(401);
      } finally {
        await scim("PATCH", `/Users/${company.users.grace}`, patchOp(replaceActive(true)));
      }
    },
  );
});
