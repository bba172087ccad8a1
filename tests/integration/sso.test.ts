/**
 * Single sign-on over real HTTP against the built app: SP-initiated and IdP-initiated SAML 2.0,
 * WS-Federation with SAML 1.1 and 2.0 tokens, matching to provisioned users, sessions that end when
 * SCIM disables the user — and every attack case refused with a reason in the sign-in activity.
 */
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { provisionedTenant, queryRows } from "../support/app";
import { TestDns } from "../support/dns";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { ENTERPRISE, call } from "../support/scim-client";
import { createdId, patchOp, userBody } from "../support/scim-requests";
import { addSsoIdp, listDomains, verifyEmailDomains } from "../support/sso";
import { CLAIM, TestIdp, type AssertionOptions } from "../support/test-idp";

type Sp = { idpId: string; entityId: string; acsUrl: string; signInUrl: string; metadataUrl: string };
type Posted = { status: number; location: string; cookie: string | null };

async function post(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const res = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const cookie = res.headers.get("set-cookie");
  return {
    status: res.status,
    location: res.headers.get("location") ?? "",
    cookie: cookie ? cookie.split(";")[0]! : null,
  };
}

// Tests that make another tenant through the operator CLI (four runs of it, slow on a loaded machine).
const OTHER_TENANT_TIMEOUT = 180_000;

const reasonOf = (p: Posted) => new URL(p.location).searchParams.get("reason");

// The block's DNS server: started in its set-up, before the app that is pointed at it.
let dns: TestDns;
const env = async () => {
  dns = await TestDns.start();
  // The test IdP's login URL is on 127.0.0.1, which the operator trusts here: sign-in links
  // redirect straight to it (the page that names an untrusted host is tested in domains.test.ts).
  return { DNS_SERVERS: dns.address, SSO_TRUSTED_LOGIN_HOSTS: "127.0.0.1" };
};

describeEachDatabase("single sign-on on %s", { env }, (suite) => {
  let idp: TestIdp;
  let otherIdp: TestIdp;
  let saml: Sp;
  let wsfed: Sp;

  async function provision(userName: string, extra: Record<string, unknown> = {}): Promise<string> {
    const res = await suite.scim(
      "POST",
      "/Users",
      userBody(
        {
          userName,
          active: true,
          displayName: `Display ${userName}`,
          name: { givenName: "Given", familyName: "Family" },
          emails: [{ value: userName, type: "work", primary: true }],
          title: "Engineer",
          [ENTERPRISE]: { department: "Research" },
          ...extra,
        },
        ENTERPRISE,
      ),
    );
    return createdId(res);
  }

  async function addIdp(type: "saml" | "wsfed", name: string, metadata: string): Promise<Sp> {
    const shown = await addSsoIdp(suite.app, suite.tenant.tenantId, { type, name, metadata });
    expect(shown.ssoReady).toBe(true);
    return shown;
  }

  const samlOpts = (nameId: string, extra: Partial<AssertionOptions> = {}): AssertionOptions => ({
    audience: saml.entityId,
    acsUrl: saml.acsUrl,
    nameId,
    attributes: { [CLAIM.upn]: nameId, [CLAIM.email]: nameId },
    ...extra,
  });
  const wsfedOpts = (nameId: string, extra: Partial<AssertionOptions> = {}): AssertionOptions => ({
    audience: wsfed.entityId,
    acsUrl: wsfed.acsUrl,
    nameId,
    attributes: { [CLAIM.upn]: nameId },
    ...extra,
  });
  const postSaml = (xml: string) => post(saml.acsUrl, { SAMLResponse: Buffer.from(xml).toString("base64") });
  const postWsfed = (wresult: string, wctx?: string) =>
    post(wsfed.acsUrl, { wa: "wsignin1.0", wresult, ...(wctx ? { wctx } : {}) });

  async function startSaml(): Promise<string> {
    const res = await fetch(saml.signInUrl, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${idp.url}/saml`);
    const request = inflateRawSync(
      Buffer.from(location.searchParams.get("SAMLRequest")!, "base64"),
    ).toString();
    expect(request).toContain(`AssertionConsumerServiceURL="${saml.acsUrl}"`);
    expect(request).toContain(saml.entityId);
    return /\sID="([^"]+)"/.exec(request)![1]!;
  }

  async function startWsfed(): Promise<string> {
    const res = await fetch(wsfed.signInUrl, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.searchParams.get("wa")).toBe("wsignin1.0");
    expect(location.searchParams.get("wtrealm")).toBe(wsfed.entityId);
    expect(location.searchParams.get("wreply")).toBe(wsfed.acsUrl);
    return location.searchParams.get("wctx")!;
  }

  async function account(cookie: string | null) {
    const res = await fetch(`${suite.app.url}/account`, {
      redirect: "manual",
      headers: cookie ? { Cookie: cookie } : {},
    });
    return {
      status: res.status,
      location: res.headers.get("location") ?? "",
      html: res.status === 200 ? await res.text() : "",
    };
  }

  async function lastEvent(sp: Sp) {
    const rows = await queryRows<{ outcome: string; reason: string | null; subject: string | null }>(
      suite.app.database,
      `SELECT outcome, reason, subject FROM "SsoEvent" WHERE "idpId" = ? ORDER BY COALESCE("lastAt", at) DESC, id DESC LIMIT 1`,
      [sp.idpId],
    );
    return rows[0];
  }

  /** Posts an attack and checks it is refused with `code`, and logged with that reason. */
  async function expectRefused(sp: Sp, posted: Promise<Posted>, code: string) {
    const p = await posted;
    expect(p.status).toBe(303);
    expect(p.cookie).toBeNull();
    expect(reasonOf(p)).toBe(code);
    const event = await lastEvent(sp);
    expect(event?.outcome).toBe("refused");
    expect(event?.reason).toMatch(new RegExp(`^${code}: `));
  }

  beforeAll(async () => {
    idp = await TestIdp.create();
    otherIdp = await TestIdp.create("Attacker signing");
    await idp.start();
    saml = await addIdp("saml", "Entra SAML", idp.metadataXml());
    wsfed = await addIdp("wsfed", "Entra WS-Fed", idp.metadataXml());
    await provision("ada@contoso.example", {
      "urn:ietf:params:scim:schemas:extension:uniFLOWOnline:2.0:User": { cardNumber: "1234567890" },
    });
    await provision("grace@contoso.example");
  }, 120_000);

  afterAll(async () => {
    await idp?.stop();
    await dns?.stop();
  });

  describe("service-provider details", () => {
    dbTest(
      "idp show prints the URLs an Entra admin pastes, and the metadata endpoint serves them",
      async ({ app }) => {
        expect(saml.entityId).toBe(`${app.url}/api/sso/${new URL(saml.entityId).pathname.split("/")[3]}`);
        expect(saml.acsUrl).toBe(`${saml.entityId}/acs`);
        expect(saml.signInUrl).toBe(`${saml.entityId}/login`);
        const res = await fetch(saml.metadataUrl);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/samlmetadata\+xml/);
        const xml = await res.text();
        expect(xml).toContain(`entityID="${saml.entityId}"`);
        expect(xml).toContain(`Location="${saml.acsUrl}"`);
        const download = await fetch(`${wsfed.metadataUrl}?download`);
        expect(download.headers.get("content-disposition")).toMatch(/attachment/);
        expect(await download.text()).toContain("PassiveRequestorEndpoint");
      },
    );

    dbTest("answers 404 for an unknown sign-in link", async ({ app }) => {
      expect((await fetch(`${app.url}/api/sso/nosuchidp/login`, { redirect: "manual" })).status).toBe(404);
    });
  });

  describe("sign-in that works", () => {
    dbTest(
      "SAML 2.0 SP-initiated: AuthnRequest → signed response → session → My account",
      async ({ app }) => {
        const requestId = await startSaml();
        const p = await postSaml(
          idp.samlResponse(samlOpts("ada@contoso.example", { inResponseTo: requestId })),
        );
        expect(p.status).toBe(303);
        expect(p.location).toBe(`${app.url}/account`);
        expect(p.cookie).toMatch(/^rollcall-account=rcu_/);
        const page = await account(p.cookie);
        expect(page.status).toBe(200);
        expect(page.html).toContain("Display ada@contoso.example");
        expect(page.html).toContain("Research");
        expect(page.html).toContain("••••7890");
        expect(page.html).not.toContain("1234567890");
        expect(await lastEvent(saml)).toMatchObject({ outcome: "signed-in", subject: "ada@contoso.example" });
      },
    );

    dbTest(
      "SAML 2.0 IdP-initiated (no InResponseTo), with the signature on the response instead of the assertion",
      async () => {
        const p = await postSaml(idp.samlResponse(samlOpts("Grace@Contoso.example", { sign: "response" })));
        expect(p.status).toBe(303);
        expect((await account(p.cookie)).html).toContain("Display grace@contoso.example");
      },
    );

    dbTest("WS-Federation with a SAML 1.1 token, SP-initiated (wctx)", async () => {
      const wctx = await startWsfed();
      const p = await postWsfed(idp.wsfedResult(wsfedOpts("ada@contoso.example")), wctx);
      expect(p.status).toBe(303);
      expect((await account(p.cookie)).status).toBe(200);
    });

    dbTest("WS-Federation with a SAML 2.0 token", async ({ app }) => {
      const p = await postWsfed(idp.wsfedResult({ ...wsfedOpts("grace@contoso.example"), saml: "2.0" }));
      expect(p.status).toBe(303);
      expect(p.location, JSON.stringify(await lastEvent(wsfed))).toBe(`${app.url}/account`);
      expect((await account(p.cookie)).status).toBe(200);
    });

    dbTest("accepts either of two certificates during a rollover", async () => {
      const next = await TestIdp.create("Next signing key");
      const both = idp
        .metadataXml()
        .replace(
          "</KeyDescriptor><SingleSignOnService",
          `</KeyDescriptor><KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${next.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "")}</X509Certificate></X509Data></KeyInfo></KeyDescriptor><SingleSignOnService`,
        );
      const rolled = await addIdp("saml", "Entra rollover", both);
      const opts = { audience: rolled.entityId, acsUrl: rolled.acsUrl, nameId: "ada@contoso.example" };
      for (const keys of [idp.keys, next.keys]) {
        const p = await post(rolled.acsUrl, {
          SAMLResponse: Buffer.from(idp.samlResponse({ ...opts, signWith: keys })).toString("base64"),
        });
        expect(reasonOf(p) ?? "signed-in").toBe("signed-in");
      }
      const p = await post(rolled.acsUrl, {
        SAMLResponse: Buffer.from(idp.samlResponse({ ...opts, signWith: otherIdp.keys })).toString("base64"),
      });
      expect(reasonOf(p)).toBe("bad_signature");
    });
  });

  describe("who may sign in", () => {
    dbTest("refuses a never-provisioned user, and logs the attempt", async () => {
      await expectRefused(
        saml,
        postSaml(idp.samlResponse(samlOpts("mallory@contoso.example"))),
        "not_provisioned",
      );
      expect((await lastEvent(saml))?.subject).toBe("mallory@contoso.example");
    });

    dbTest("refuses a disabled user and a deleted one", async ({ scim }) => {
      const id = await provision("dora@contoso.example", { active: false });
      await expectRefused(saml, postSaml(idp.samlResponse(samlOpts("dora@contoso.example"))), "disabled");
      expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
      await expectRefused(
        saml,
        postSaml(idp.samlResponse(samlOpts("dora@contoso.example"))),
        "not_provisioned",
      );
    });

    dbTest("signs a user out at the next request once SCIM disables them", async ({ app, scim }) => {
      const id = await provision("eve@contoso.example");
      const p = await postSaml(idp.samlResponse(samlOpts("eve@contoso.example")));
      expect((await account(p.cookie)).status).toBe(200);
      // Entra's disable, as Entra sends it.
      const patched = await scim(
        "PATCH",
        `/Users/${id}`,
        patchOp({ op: "Replace", path: "active", value: "False" }),
      );
      expect(patched.status).toBe(200);
      const after = await account(p.cookie);
      expect(after.status).toBe(307);
      expect(after.location).toContain("/account/refused?reason=disabled");
      const sessions = await queryRows(app.database, `SELECT id FROM "UserSession" WHERE "userId" = ?`, [id]);
      expect(sessions).toHaveLength(0);
    });

    dbTest("an end user's session opens no admin page", async ({ app }) => {
      const p = await postSaml(idp.samlResponse(samlOpts("ada@contoso.example")));
      for (const page of ["/dashboard", "/users", "/identity-providers"]) {
        const res = await fetch(`${app.url}${page}`, { redirect: "manual", headers: { Cookie: p.cookie! } });
        expect(res.status).toBe(307);
        expect(res.headers.get("location")).toContain("/signin");
      }
    });

    dbTest("keeps only a hash of the session token", async ({ app }) => {
      const p = await postSaml(idp.samlResponse(samlOpts("ada@contoso.example")));
      const token = decodeURIComponent(p.cookie!.split("=")[1]!);
      const before = await queryRows(
        app.database,
        `SELECT id FROM "UserSession" WHERE "tokenHash" IS NOT NULL`,
      );
      expect(before.length).toBeGreaterThan(0);
      const stored = JSON.stringify(await queryRows(app.database, `SELECT * FROM "UserSession"`));
      expect(stored).not.toContain(token);
    });

    dbTest(
      "a user of another tenant is not found through this tenant's identity provider",
      async ({ app }) => {
        const other = await provisionedTenant(app, "Fabrikam");
        const res = await call(
          other,
          "POST",
          "/Users",
          userBody({ userName: "frank@fabrikam.example", active: true }),
        );
        expect(res.status).toBe(201);
        await expectRefused(
          saml,
          postSaml(idp.samlResponse(samlOpts("frank@fabrikam.example"))),
          "not_provisioned",
        );
      },
      OTHER_TENANT_TIMEOUT,
    );
  });

  describe("sign-in options", () => {
    let opts: Sp;
    const send = (nameId: string, attributes: Record<string, string>) =>
      post(opts.acsUrl, {
        SAMLResponse: Buffer.from(
          idp.samlResponse({ audience: opts.entityId, acsUrl: opts.acsUrl, nameId, attributes }),
        ).toString("base64"),
      });

    beforeAll(async () => {
      opts = await addIdp("saml", "Entra options", idp.metadataXml());
    });

    dbTest("matches the email claim to a provisioned email address when set to", async ({ app }) => {
      await provision("u-10442", { emails: [{ value: "zoe@contoso.example", type: "work", primary: true }] });
      await app.cli("idp", "sso-settings", "--idp", opts.idpId, "--claim", "email", "--match", "email");
      const p = await send("opaque-name-id", { [CLAIM.email]: "Zoe@Contoso.example" });
      expect(p.location, JSON.stringify(await lastEvent(opts))).toBe(`${app.url}/account`);
      expect((await account(p.cookie)).html).toContain("Display u-10442");
    });

    dbTest("refuses when the configured claim is missing, or when two users share the email", async () => {
      await expectRefused(opts, send("someone", {}), "no_identifier");
      await provision("u-1", { emails: [{ value: "shared@contoso.example", type: "work" }] });
      await provision("u-2", { emails: [{ value: "shared@contoso.example", type: "work" }] });
      await expectRefused(opts, send("x", { [CLAIM.email]: "shared@contoso.example" }), "ambiguous");
    });

    dbTest(
      "creates the account at first sign-in only when just-in-time creation is on",
      async ({ app, tenant, scim }) => {
        await app.cli("idp", "sso-settings", "--idp", opts.idpId, "--claim", "upn", "--match", "userName");
        const claims = {
          [CLAIM.upn]: "newbie@contoso.example",
          [CLAIM.email]: "newbie@contoso.example",
          [CLAIM.givenName]: "New",
          [CLAIM.surname]: "Bie",
        };
        await expectRefused(opts, send("newbie", claims), "not_provisioned");
        await app.cli("idp", "sso-settings", "--idp", opts.idpId, "--jit", "on");
        const p = await send("newbie", claims);
        expect(p.cookie).not.toBeNull();
        expect(await lastEvent(opts)).toMatchObject({
          outcome: "signed-in",
          reason: "account created at first sign-in",
        });
        const found = await scim(
          "GET",
          `/Users?filter=${encodeURIComponent('userName eq "newbie@contoso.example"')}`,
        );
        const list = found.body as {
          totalResults: number;
          Resources: { name: { givenName: string }; emails: { value: string }[] }[];
        };
        expect(list.totalResults).toBe(1);
        expect(list.Resources[0]!.name.givenName).toBe("New");
        expect(list.Resources[0]!.emails[0]!.value).toBe("newbie@contoso.example");
        // The application learns of the new user as of any other (events API and webhooks).
        const created = await queryRows<{ data: string }>(
          app.database,
          `SELECT data FROM "Event" WHERE "tenantId" = ? AND type = 'user.created'`,
          [tenant.tenantId],
        );
        const userNames = created.map(
          (e) => (JSON.parse(e.data) as { user: { userName: string } }).user.userName,
        );
        expect(userNames).toContain("newbie@contoso.example");
        const again = await send("newbie", claims);
        expect(again.cookie).not.toBeNull();
        expect((await lastEvent(opts))?.reason).toBeNull();
      },
    );

    dbTest(
      "an email domain routes to the identity provider whose tenant verified it",
      async ({ app }) => {
        await app.cli(
          "idp",
          "sso-settings",
          "--idp",
          opts.idpId,
          "--email-domains",
          "contoso.example, contoso.de",
        );
        const route = (email: string) =>
          app.cli<{ idpId: string | null }>("domain", "route", "--email", email);
        expect((await route("ada@contoso.de")).idpId).toBeNull();
        await verifyEmailDomains(app, dns, opts.idpId);
        expect((await route("ada@contoso.de")).idpId).toBe(opts.idpId);
        expect((await route("ADA@Contoso.Example")).idpId).toBe(opts.idpId);
        // Another tenant may claim the domain too — nothing says it is taken — but it routes nobody.
        const other = await provisionedTenant(app, "Tailspin");
        await app.cli("idp", "sso-settings", "--idp", other.idpId, "--email-domains", "contoso.de");
        expect(await listDomains(app, other.idpId)).toMatchObject([
          { domain: "contoso.de", state: "pending" },
        ]);
        expect((await route("ada@contoso.de")).idpId).toBe(opts.idpId);
        await expect(
          app.cli("idp", "sso-settings", "--idp", opts.idpId, "--email-domains", "not a domain"),
        ).rejects.toThrow(/Enter domains like contoso\.com/);
      },
      180_000,
    );
  });

  describe("administrators through the identity provider", () => {
    dbTest(
      "is off by default; when the tenant turns it on, the admin lands on the dashboard",
      async ({ app, tenant }) => {
        const viaIdp = () => postSaml(idp.samlResponse(samlOpts(tenant.email.toUpperCase())));
        await expectRefused(saml, viaIdp(), "not_provisioned");
        await app.cli("tenant", "admin-sso", "--tenant", tenant.tenantId, "--enabled", "on");
        const p = await viaIdp();
        expect(p.status).toBe(303);
        expect(p.location).toBe(`${app.url}/dashboard`);
        expect(p.cookie).toMatch(/^next-auth\.session-token=/);
        expect(await lastEvent(saml)).toMatchObject({
          outcome: "signed-in",
          subject: tenant.email,
          reason: "administrator",
        });
        const dashboard = await fetch(`${app.url}/dashboard`, {
          redirect: "manual",
          headers: { Cookie: p.cookie! },
        });
        expect(dashboard.status).toBe(200);
        expect(await dashboard.text()).toContain(tenant.email);
        await app.cli("tenant", "admin-sso", "--tenant", tenant.tenantId, "--enabled", "off");
        await expectRefused(saml, viaIdp(), "not_provisioned");
      },
    );

    dbTest(
      "never signs in an administrator of another tenant",
      async ({ app, tenant }) => {
        const other = await provisionedTenant(app, "Litware");
        await app.cli("tenant", "admin-sso", "--tenant", other.tenantId, "--enabled", "on");
        await app.cli("tenant", "admin-sso", "--tenant", tenant.tenantId, "--enabled", "on");
        await expectRefused(saml, postSaml(idp.samlResponse(samlOpts(other.email))), "not_provisioned");
        await app.cli("tenant", "admin-sso", "--tenant", tenant.tenantId, "--enabled", "off");
      },
      OTHER_TENANT_TIMEOUT,
    );
  });

  describe("attacks on SAML 2.0, each refused and logged", () => {
    const ada = () => samlOpts("ada@contoso.example");

    dbTest("wrong certificate", () =>
      expectRefused(saml, postSaml(idp.samlResponse({ ...ada(), signWith: otherIdp.keys })), "bad_signature"),
    );

    dbTest("unsigned response", () =>
      expectRefused(saml, postSaml(idp.samlResponse({ ...ada(), sign: "none" })), "bad_signature"),
    );

    dbTest("tampered assertion (NameID changed after signing)", () =>
      expectRefused(
        saml,
        postSaml(
          idp
            .samlResponse(samlOpts("grace@contoso.example"))
            .replace(/grace@contoso\.example/g, "ada@contoso.example"),
        ),
        "bad_signature",
      ),
    );

    dbTest(
      "signature wrapping: the signed assertion hidden in Extensions, an unsigned one in its place",
      () => {
        const signed = idp.samlResponse(samlOpts("grace@contoso.example"));
        const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
        const evil = idp.saml2Assertion(ada()).xml;
        const wrapped = signed.replace(assertion, `<samlp:Extensions>${assertion}</samlp:Extensions>${evil}`);
        return expectRefused(saml, postSaml(wrapped), "bad_signature");
      },
    );

    dbTest("signature wrapping: a second, unsigned assertion next to the signed one", () => {
      const signed = idp.samlResponse(samlOpts("grace@contoso.example"));
      const evil = idp.saml2Assertion(ada()).xml;
      return expectRefused(
        saml,
        postSaml(signed.replace("</samlp:Response>", `${evil}</samlp:Response>`)),
        "bad_signature",
      );
    });

    dbTest("signature wrapping: an evil assertion reusing the signed assertion's ID", () => {
      const signed = idp.samlResponse(samlOpts("grace@contoso.example"));
      const id = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(signed)![1]!;
      const evil = idp.saml2Assertion({ ...ada(), assertionId: id }).xml;
      const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
      return expectRefused(
        saml,
        postSaml(signed.replace(assertion, `${evil}<samlp:Extensions>${assertion}</samlp:Extensions>`)),
        "bad_signature",
      );
    });

    dbTest("signed response whose assertion was swapped afterwards", () => {
      const signed = idp.samlResponse({ ...samlOpts("grace@contoso.example"), sign: "response" });
      const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
      return expectRefused(
        saml,
        postSaml(signed.replace(assertion, idp.saml2Assertion(ada()).xml)),
        "bad_signature",
      );
    });

    dbTest("expired", () => {
      const past = new Date(Date.now() - 3_600_000);
      return expectRefused(
        saml,
        postSaml(
          idp.samlResponse(
            { ...ada(), notBefore: new Date(past.getTime() - 60_000), notOnOrAfter: past },
            past,
          ),
        ),
        "expired",
      );
    });

    dbTest("not yet valid", () =>
      expectRefused(
        saml,
        postSaml(
          idp.samlResponse({
            ...ada(),
            notBefore: new Date(Date.now() + 3_600_000),
            notOnOrAfter: new Date(Date.now() + 7_200_000),
          }),
        ),
        "expired",
      ),
    );

    dbTest("wrong audience", () =>
      expectRefused(
        saml,
        postSaml(idp.samlResponse({ ...ada(), audience: "https://other.example/app" })),
        "wrong_audience",
      ),
    );

    dbTest("wrong recipient / destination", () =>
      expectRefused(
        saml,
        postSaml(idp.samlResponse({ ...ada(), acsUrl: "https://evil.example/acs" })),
        "wrong_recipient",
      ),
    );

    dbTest("wrong issuer (the IdP's entity ID is configured from its metadata)", () =>
      expectRefused(
        saml,
        postSaml(idp.samlResponse({ ...ada(), issuer: "https://sts.evil.example/" })),
        "wrong_issuer",
      ),
    );

    dbTest("replayed assertion", async () => {
      const xml = idp.samlResponse(ada());
      expect((await postSaml(xml)).cookie).not.toBeNull();
      await expectRefused(saml, postSaml(xml), "replayed");
    });

    dbTest("InResponseTo that Rollcall never issued, or already answered", async () => {
      await expectRefused(
        saml,
        postSaml(idp.samlResponse({ ...ada(), inResponseTo: "_neverissued" })),
        "unknown_request",
      );
      const requestId = await startSaml();
      expect((await postSaml(idp.samlResponse({ ...ada(), inResponseTo: requestId }))).cookie).not.toBeNull();
      await expectRefused(
        saml,
        postSaml(idp.samlResponse({ ...ada(), inResponseTo: requestId })),
        "unknown_request",
      );
    });

    dbTest("XML with a DTD and an external entity (XXE)", () => {
      const xml = idp
        .samlResponse(ada())
        .replace(
          "<samlp:Response",
          `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><samlp:Response`,
        );
      return expectRefused(saml, postSaml(xml), "unsafe_xml");
    });

    dbTest("entity expansion bomb", () => {
      const bomb = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&b;</samlp:Response>`;
      return expectRefused(saml, postSaml(bomb), "unsafe_xml");
    });

    dbTest("not Base64, not XML, and an empty form", async () => {
      await expectRefused(saml, post(saml.acsUrl, { SAMLResponse: "<<not base64>>" }), "malformed");
      await expectRefused(
        saml,
        post(saml.acsUrl, { SAMLResponse: Buffer.from("<unclosed").toString("base64") }),
        "malformed",
      );
      await expectRefused(saml, post(saml.acsUrl, {}), "malformed");
    });

    dbTest(
      "a response signed by another tenant's identity provider",
      async ({ app }) => {
        const other = await provisionedTenant(app, "Northwind");
        await addSsoIdp(app, other.tenantId, {
          name: "Northwind SAML",
          metadata: otherIdp.metadataXml(idp.url),
        });
        // A valid response from Northwind's IdP, re-addressed to Contoso's endpoint, is not Contoso's.
        await expectRefused(saml, postSaml(otherIdp.samlResponse(ada())), "bad_signature");
      },
      OTHER_TENANT_TIMEOUT,
    );
  });

  describe("attacks on WS-Federation, each refused and logged", () => {
    const ada = () => wsfedOpts("ada@contoso.example");

    dbTest("wrong certificate", () =>
      expectRefused(
        wsfed,
        postWsfed(idp.wsfedResult({ ...ada(), signWith: otherIdp.keys })),
        "bad_signature",
      ),
    );

    dbTest("unsigned token", () =>
      expectRefused(wsfed, postWsfed(idp.wsfedResult({ ...ada(), sign: "none" })), "bad_signature"),
    );

    dbTest("tampered assertion", () =>
      expectRefused(
        wsfed,
        postWsfed(
          idp
            .wsfedResult(wsfedOpts("grace@contoso.example"))
            .replace(/grace@contoso\.example/g, "ada@contoso.example"),
        ),
        "bad_signature",
      ),
    );

    dbTest("signature wrapping: a second assertion in the token", () => {
      const signed = idp.wsfedResult(wsfedOpts("grace@contoso.example"));
      const evil = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(
        idp.wsfedResult({ ...ada(), sign: "none" }),
      )![0];
      return expectRefused(
        wsfed,
        postWsfed(signed.replace("</t:RequestedSecurityToken>", `</t:RequestedSecurityToken>${evil}`)),
        "bad_signature",
      );
    });

    dbTest(
      "signature wrapping: the signed assertion moved, an evil one with the same ID in its place",
      () => {
        const signed = idp.wsfedResult(wsfedOpts("grace@contoso.example"));
        const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
        const id = /AssertionID="([^"]+)"/.exec(assertion)![1]!;
        const evil = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(
          idp.wsfedResult({ ...ada(), sign: "none", assertionId: id }),
        )![0];
        const evilWithSig = evil.replace(
          "</saml:Assertion>",
          `${/<ds:Signature[\s\S]*<\/ds:Signature>|<Signature[\s\S]*<\/Signature>/.exec(assertion)![0]}</saml:Assertion>`,
        );
        return expectRefused(wsfed, postWsfed(signed.replace(assertion, evilWithSig)), "bad_signature");
      },
    );

    dbTest("expired", () => {
      const past = new Date(Date.now() - 3_600_000);
      return expectRefused(
        wsfed,
        postWsfed(
          idp.wsfedResult(
            { ...ada(), notBefore: new Date(past.getTime() - 60_000), notOnOrAfter: past },
            past,
          ),
        ),
        "expired",
      );
    });

    dbTest("wrong audience (realm)", () =>
      expectRefused(
        wsfed,
        postWsfed(idp.wsfedResult({ ...ada(), audience: "urn:other:app" })),
        "wrong_audience",
      ),
    );

    dbTest("wrong issuer", () =>
      expectRefused(
        wsfed,
        postWsfed(idp.wsfedResult({ ...ada(), issuer: "https://sts.evil.example/" })),
        "wrong_issuer",
      ),
    );

    dbTest("replayed token", async () => {
      const wresult = idp.wsfedResult(ada());
      expect((await postWsfed(wresult)).cookie).not.toBeNull();
      await expectRefused(wsfed, postWsfed(wresult), "replayed");
    });

    dbTest("unknown wctx", () =>
      expectRefused(wsfed, postWsfed(idp.wsfedResult(ada()), "_neverissued"), "unknown_request"),
    );

    dbTest("XML with a DTD (XXE)", () =>
      expectRefused(
        wsfed,
        postWsfed(`<!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${idp.wsfedResult(ada())}`),
        "unsafe_xml",
      ),
    );
  });
});
