import { describe, expect, it } from "vitest";
import {
  boundClaimGroups,
  checkConditions,
  claimGroupsOf,
  identityOf,
  MAX_CLAIM_GROUPS,
  MAX_GROUP_CLAIM_LENGTH,
  readAssertion,
  type AssertionFacts,
} from "@/lib/sso/assertion";
import { SsoRefusal } from "@/lib/sso/errors";
import { parseFederationMetadata, spMetadataXml } from "@/lib/sso/metadata";
import { parseXml } from "@/lib/sso/xml";
import { loginUrlSchema } from "@/lib/identity-providers/schemas";
import { testCertificate } from "../support/certificates";
import { CLAIM, TestIdp } from "../support/test-idp";

const body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SsoRefusal) return error.code;
    throw error;
  }
  return "accepted";
}

describe("federation metadata", () => {
  it("reads Entra-shaped metadata: entity ID, both login URLs and two signing certificates", async () => {
    const idp = await TestIdp.create();
    const next = await testCertificate("Next key");
    const xml = idp
      .metadataXml("https://login.microsoftonline.com/tenant-guid")
      .replace(
        "</KeyDescriptor><SingleSignOnService",
        `</KeyDescriptor><KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${body(next.cert)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor><SingleSignOnService`,
      );
    const meta = parseFederationMetadata(xml);
    expect(meta.entityId).toBe(idp.entityId);
    expect(meta.samlLoginUrl).toBe("https://login.microsoftonline.com/tenant-guid/saml");
    expect(meta.wsfedLoginUrl).toBe("https://login.microsoftonline.com/tenant-guid/wsfed");
    expect(meta.certificates.map(body)).toEqual([body(idp.cert), body(next.cert)]);
  });

  it("refuses a DTD, a non-metadata document and metadata without certificates", async () => {
    const idp = await TestIdp.create();
    expect(() => parseFederationMetadata(`<!DOCTYPE x [<!ENTITY e "e">]>${idp.metadataXml()}`)).toThrow(
      /DTD/,
    );
    expect(() => parseFederationMetadata("<html><body>sign in</body></html>")).toThrow(/EntityDescriptor/);
    expect(() => parseFederationMetadata("not xml at all <")).toThrow(/well-formed/);
    const noCerts = idp.metadataXml().replace(/<KeyDescriptor[\s\S]*?<\/KeyDescriptor>/g, "");
    expect(() => parseFederationMetadata(noCerts)).toThrow(/no signing certificate/);
  });

  it("writes SP metadata with the entity ID and ACS URL, escaped", () => {
    const xml = spMetadataXml("abc123", "saml");
    const doc = parseXml(xml);
    expect(doc.documentElement.getAttribute("entityID")).toMatch(/\/api\/sso\/abc123$/);
    expect(xml).toContain('Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"');
    expect(spMetadataXml("abc123", "wsfed")).toContain("PassiveRequestorEndpoint");
  });
});

describe("assertion conditions", () => {
  const expect_ = {
    entityId: "https://rollcall.example/api/sso/x",
    acsUrl: "https://rollcall.example/api/sso/x/acs",
    idpEntityId: null,
    skewMs: 180_000,
  };
  const t0 = new Date("2026-11-23T12:00:00Z");

  async function facts(notBefore: Date, notOnOrAfter: Date): Promise<AssertionFacts> {
    const idp = await TestIdp.create();
    const xml = idp.saml2Assertion(
      {
        audience: expect_.entityId,
        acsUrl: expect_.acsUrl,
        nameId: "ada@contoso.example",
        notBefore,
        notOnOrAfter,
        attributes: { [CLAIM.upn]: "ada@contoso.example" },
      },
      t0,
    ).xml;
    return readAssertion(parseXml(xml).documentElement);
  }

  it("accepts clocks that differ by less than the allowed skew, and refuses beyond it", async () => {
    const f = await facts(t0, new Date(t0.getTime() + 300_000));
    const at = (ms: number) =>
      refusal(() => checkConditions(f, { ...expect_, now: new Date(t0.getTime() + ms) }));
    expect(at(-179_000)).toBe("accepted");
    expect(at(-181_000)).toBe("expired");
    expect(at(300_000 + 179_000)).toBe("accepted");
    expect(at(300_000 + 180_000)).toBe("expired");
  });

  it("checks audience, recipient and issuer", async () => {
    const f = await facts(t0, new Date(t0.getTime() + 300_000));
    const now = t0;
    expect(refusal(() => checkConditions(f, { ...expect_, now, entityId: "urn:other" }))).toBe(
      "wrong_audience",
    );
    expect(refusal(() => checkConditions(f, { ...expect_, now, acsUrl: "https://evil.example/acs" }))).toBe(
      "wrong_recipient",
    );
    expect(
      refusal(() => checkConditions(f, { ...expect_, now, idpEntityId: "https://sts.windows.net/other/" })),
    ).toBe("wrong_issuer");
    expect(identityOf(f)).toMatchObject({
      nameId: "ada@contoso.example",
      upn: "ada@contoso.example",
      email: null,
    });
  });

  it("reads SAML 1.1 claims as namespace/name", async () => {
    const idp = await TestIdp.create();
    const wresult = idp.wsfedResult({
      audience: "urn:realm",
      acsUrl: "",
      nameId: "n",
      sign: "none",
      attributes: { [CLAIM.email]: "e@x.example" },
    });
    const doc = parseXml(wresult);
    const assertion = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:1.0:assertion", "Assertion")[0]!;
    const f = readAssertion(assertion);
    expect(f.version).toBe("1.1");
    expect(f.audiences).toEqual(["urn:realm"]);
    expect(identityOf(f)).toMatchObject({ nameId: "n", email: "e@x.example" });
  });
});

describe("the groups claim", () => {
  it("reads every value of each groups attribute identity providers use, trimmed, each once", async () => {
    const idp = await TestIdp.create();
    const xml = idp.saml2Assertion({
      audience: "https://rollcall.example/api/sso/x",
      acsUrl: "https://rollcall.example/api/sso/x/acs",
      nameId: "ada@contoso.example",
      attributes: {
        [CLAIM.groups]: ["8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", " Sales "],
        "http://schemas.xmlsoap.org/claims/Group": ["Sales", "Finance"],
        memberOf: "Contractors",
        "http://schemas.xmlsoap.org/claims/CommonName": "not a group",
      },
    }).xml;
    expect(claimGroupsOf(readAssertion(parseXml(xml).documentElement))).toEqual([
      "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      "Sales",
      "Finance",
      "Contractors",
    ]);
  });

  it("keeps at most MAX_CLAIM_GROUPS values, drops empty, over-long and non-string ones", () => {
    const many = Array.from({ length: MAX_CLAIM_GROUPS + 50 }, (_, i) => `g${i}`);
    expect(boundClaimGroups(many)).toEqual(many.slice(0, MAX_CLAIM_GROUPS));
    const long = "x".repeat(MAX_GROUP_CLAIM_LENGTH + 1);
    expect(boundClaimGroups(["", "  ", long, 42, null, { a: 1 }, "ok"])).toEqual(["ok"]);
  });
});

describe("login URL", () => {
  it("accepts https anywhere and http only on this machine", () => {
    expect(loginUrlSchema.safeParse("https://login.microsoftonline.com/x/saml2").success).toBe(true);
    expect(loginUrlSchema.safeParse("http://localhost:8080/saml").success).toBe(true);
    expect(loginUrlSchema.safeParse("http://127.0.0.1:9000/wsfed").success).toBe(true);
    expect(loginUrlSchema.safeParse("http://login.example.com/saml2").success).toBe(false);
    expect(loginUrlSchema.safeParse("http://127.0.0.1.evil.example/saml").success).toBe(false);
  });
});
