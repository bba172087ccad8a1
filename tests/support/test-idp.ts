/**
 * A test identity provider: signs real SAML 2.0 responses and WS-Federation tokens (SAML 1.1 or
 * 2.0 assertions) with a generated key, and serves a tiny sign-in page over HTTP so a browser can
 * make the whole round trip (Rollcall → IdP → Rollcall's assertion consumer endpoint).
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";
import { SignedXml } from "xml-crypto";
import { testCertificate } from "./certificates";

const RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";
const EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

export const CLAIM = {
  upn: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
  email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  givenName: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
  surname: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
  groups: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
};

export type KeyPair = { cert: string; key: string };

export type AssertionOptions = {
  /** Our entity ID (the audience; the WS-Federation realm). */
  audience: string;
  /** The assertion consumer URL (SAML Recipient and Destination). */
  acsUrl: string;
  nameId: string;
  /** Attribute name → its value, or values (a groups claim). */
  attributes?: Record<string, string | readonly string[]>;
  inResponseTo?: string;
  issuer?: string;
  assertionId?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Which element carries the signature (default: the assertion). */
  sign?: "assertion" | "response" | "both" | "none";
  /** Sign with another key than the IdP's own. */
  signWith?: KeyPair;
};

const esc = (v: string) => v.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const iso = (d: Date) => d.toISOString();
const attributeValues = (value: string | readonly string[]) =>
  (typeof value === "string" ? [value] : value)
    .map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`)
    .join("");

function sign(
  xml: string,
  keys: KeyPair,
  opts: { ref: string; after?: string; append?: boolean; idAttribute: string },
) {
  const sig = new SignedXml({
    privateKey: keys.key,
    publicCert: keys.cert,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    idAttribute: opts.idAttribute,
  });
  sig.addReference({ xpath: opts.ref, transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256 });
  sig.computeSignature(xml, {
    location: opts.append
      ? { reference: opts.ref, action: "append" }
      : { reference: opts.after ?? opts.ref, action: "after" },
  });
  return sig.getSignedXml();
}

export class TestIdp {
  readonly entityId = "https://idp.test.example/issuer";
  private server: http.Server | null = null;
  url = "";

  private constructor(readonly keys: KeyPair) {}

  static async create(commonName = "Test IdP signing"): Promise<TestIdp> {
    return new TestIdp(await testCertificate(commonName));
  }

  get cert(): string {
    return this.keys.cert;
  }

  saml2Assertion(o: AssertionOptions, now = new Date()): { xml: string; id: string } {
    const id = o.assertionId ?? `_a${randomUUID().replace(/-/g, "")}`;
    const notBefore = o.notBefore ?? new Date(now.getTime() - 60_000);
    const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const attrs = Object.entries(o.attributes ?? {})
      .map(
        ([name, value]) => `<saml:Attribute Name="${esc(name)}">${attributeValues(value)}</saml:Attribute>`,
      )
      .join("");
    const xml =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${iso(now)}">` +
      `<saml:Issuer>${esc(o.issuer ?? this.entityId)}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(o.nameId)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${esc(o.acsUrl)}"${o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : ""}/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      (attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : "") +
      `</saml:Assertion>`;
    return { xml, id };
  }

  /** A SAML 2.0 Response (XML text), signed as `o.sign` says. */
  samlResponse(o: AssertionOptions, now = new Date()): string {
    const keys = o.signWith ?? this.keys;
    const mode = o.sign ?? "assertion";
    let { xml: assertion } = this.saml2Assertion(o, now);
    if (mode === "assertion" || mode === "both") {
      assertion = sign(assertion, keys, {
        ref: "//*[local-name(.)='Assertion']",
        after: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']",
        idAttribute: "ID",
      });
    }
    let response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r${randomUUID().replace(/-/g, "")}" Version="2.0" IssueInstant="${iso(now)}" Destination="${esc(o.acsUrl)}"${o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : ""}>` +
      `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${esc(o.issuer ?? this.entityId)}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      assertion +
      `</samlp:Response>`;
    if (mode === "response" || mode === "both") {
      response = sign(response, keys, {
        ref: "/*[local-name(.)='Response']",
        after: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']",
        idAttribute: "ID",
      });
    }
    return response;
  }

  /** A WS-Federation wresult: a RequestSecurityTokenResponse with a signed SAML 1.1 or 2.0 assertion. */
  wsfedResult(o: AssertionOptions & { saml?: "1.1" | "2.0" }, now = new Date()): string {
    const keys = o.signWith ?? this.keys;
    let assertion: string;
    if (o.saml === "2.0") {
      assertion = this.saml2Assertion({ ...o, acsUrl: o.acsUrl }, now).xml;
      if ((o.sign ?? "assertion") !== "none") {
        assertion = sign(assertion, keys, {
          ref: "//*[local-name(.)='Assertion']",
          after: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']",
          idAttribute: "ID",
        });
      }
    } else {
      const id = o.assertionId ?? `_a${randomUUID().replace(/-/g, "")}`;
      const notBefore = o.notBefore ?? new Date(now.getTime() - 60_000);
      const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
      const subject = `<saml:Subject><saml:NameIdentifier>${esc(o.nameId)}</saml:NameIdentifier><saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:bearer</saml:ConfirmationMethod></saml:SubjectConfirmation></saml:Subject>`;
      const attrs = Object.entries(o.attributes ?? {})
        .map(([name, value]) => {
          const cut = name.lastIndexOf("/");
          return `<saml:Attribute AttributeName="${esc(name.slice(cut + 1))}" AttributeNamespace="${esc(name.slice(0, cut))}">${attributeValues(value)}</saml:Attribute>`;
        })
        .join("");
      assertion =
        `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="${id}" Issuer="${esc(o.issuer ?? this.entityId)}" IssueInstant="${iso(now)}">` +
        `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestrictionCondition><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestrictionCondition></saml:Conditions>` +
        `<saml:AttributeStatement>${subject}${attrs}</saml:AttributeStatement>` +
        `<saml:AuthenticationStatement AuthenticationMethod="urn:oasis:names:tc:SAML:1.0:am:password" AuthenticationInstant="${iso(now)}">${subject}</saml:AuthenticationStatement>` +
        `</saml:Assertion>`;
      if ((o.sign ?? "assertion") !== "none") {
        assertion = sign(assertion, keys, {
          ref: "//*[local-name(.)='Assertion']",
          append: true,
          idAttribute: "AssertionID",
        });
      }
    }
    return (
      `<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust">` +
      `<t:Lifetime><wsu:Created xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${iso(now)}</wsu:Created></t:Lifetime>` +
      `<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"><wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Address>${esc(o.audience)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
      `<t:RequestedSecurityToken>${assertion}</t:RequestedSecurityToken>` +
      `</t:RequestSecurityTokenResponse>`
    );
  }

  /** Federation metadata for this IdP, as Entra publishes it (SAML and WS-Federation roles). */
  metadataXml(loginBase = this.url): string {
    const body = this.keys.cert.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
    const key = `<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${body}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`;
    return (
      `<?xml version="1.0" encoding="utf-8"?><EntityDescriptor ID="_m1" entityID="${this.entityId}" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">` +
      `<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">${key}` +
      `<fed:PassiveRequestorEndpoint><wsa:EndpointReference xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:Address>${loginBase}/wsfed</wsa:Address></wsa:EndpointReference></fed:PassiveRequestorEndpoint></RoleDescriptor>` +
      `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${key}` +
      `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${loginBase}/saml"/></IDPSSODescriptor></EntityDescriptor>`
    );
  }

  /**
   * Serves GET /saml (HTTP-Redirect AuthnRequest) and GET /wsfed (wsignin1.0): a page asking who
   * signs in; its form posts to /complete, which answers with an auto-posting form to the ACS.
   * Note: a test IdP login URL is http://; Rollcall requires https:// from admins, so tests store it
   * directly or through the CLI with the https check relaxed only where the test says so.
   */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const page = (html: string) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>Test IdP</title></head><body>${html}</body></html>`);
    };
    if (req.method === "GET" && url.pathname === "/saml") {
      const request = inflateRawSync(
        Buffer.from(url.searchParams.get("SAMLRequest") ?? "", "base64"),
      ).toString("utf8");
      const id = /\sID="([^"]+)"/.exec(request)?.[1] ?? "";
      const acs = /AssertionConsumerServiceURL="([^"]+)"/.exec(request)?.[1] ?? "";
      const audience = /<saml:Issuer[^>]*>([^<]+)</.exec(request)?.[1] ?? "";
      return page(
        this.loginForm({
          kind: "saml",
          id,
          acs,
          audience,
          relayState: url.searchParams.get("RelayState") ?? "",
        }),
      );
    }
    if (req.method === "GET" && url.pathname === "/wsfed") {
      const p = url.searchParams;
      return page(
        this.loginForm({
          kind: "wsfed",
          id: p.get("wctx") ?? "",
          acs: p.get("wreply") ?? "",
          audience: p.get("wtrealm") ?? "",
          relayState: "",
        }),
      );
    }
    if (req.method === "POST" && url.pathname === "/complete") {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      const f = new URLSearchParams(body);
      const user = f.get("username") ?? "";
      // Entra's groups claim: one value per group (object ids, or names as configured).
      const groups = (f.get("groups") ?? "")
        .split(",")
        .map((g) => g.trim())
        .filter(Boolean);
      const o: AssertionOptions = {
        audience: f.get("audience") ?? "",
        acsUrl: f.get("acs") ?? "",
        nameId: user,
        inResponseTo: f.get("kind") === "saml" ? f.get("id") || undefined : undefined,
        attributes: {
          [CLAIM.upn]: user,
          [CLAIM.email]: user,
          [CLAIM.givenName]: "Test",
          [CLAIM.surname]: "User",
          ...(groups.length > 0 ? { [CLAIM.groups]: groups } : {}),
        },
      };
      const fields =
        f.get("kind") === "saml"
          ? {
              SAMLResponse: Buffer.from(this.samlResponse(o)).toString("base64"),
              RelayState: f.get("relayState") ?? "",
            }
          : { wa: "wsignin1.0", wresult: this.wsfedResult(o), wctx: f.get("id") ?? "" };
      const inputs = Object.entries(fields)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
        .join("");
      return page(
        `<form method="post" action="${esc(o.acsUrl)}">${inputs}<noscript><button>Continue</button></noscript></form><script>document.forms[0].submit()</script>`,
      );
    }
    res.writeHead(404).end();
  }

  private loginForm(f: Record<string, string>): string {
    const hidden = Object.entries(f)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
      .join("");
    return `<h1>Test IdP (${f.kind === "saml" ? "SAML 2.0" : "WS-Federation"})</h1><form method="post" action="/complete">${hidden}<label>Username <input name="username" autocomplete="off"></label><label>Groups (comma-separated) <input name="groups" autocomplete="off"></label><button>Sign in</button></form>`;
  }
}
