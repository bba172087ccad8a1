/** Our service-provider URLs and metadata, and reading an identity provider's federation metadata. */
import { appUrl } from "@/lib/config";
import { SsoRefusal } from "./errors";
import { children, elements, NS, parseXml, text } from "./xml";

export type SpUrls = {
  /** SAML entity ID / WS-Federation realm: Entra's "Identifier (Entity ID)". */
  entityId: string;
  /** Where the IdP posts its response: Entra's "Reply URL (Assertion Consumer Service URL)". */
  acsUrl: string;
  metadataUrl: string;
  /** Where a user starts SP-initiated sign-in: Entra's "Sign on URL". */
  signInUrl: string;
  /** Where an OpenID Connect identity provider sends the browser back with a code. */
  redirectUri: string;
};

export function spUrls(publicId: string): SpUrls {
  const base = `${appUrl()}/api/sso/${publicId}`;
  return {
    entityId: base,
    acsUrl: `${base}/acs`,
    metadataUrl: `${base}/metadata`,
    signInUrl: `${base}/login`,
    redirectUri: `${base}/callback`,
  };
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** SAML 2.0 SP metadata (Entra's "Upload metadata file" accepts it), plus WS-Federation's role. */
export function spMetadataXml(publicId: string, type: "saml" | "wsfed"): string {
  const u = spUrls(publicId);
  const acs = escapeXml(u.acsUrl);
  const wsfed =
    type === "wsfed"
      ? `
  <md:RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="${NS.fed}" xsi:type="fed:ApplicationServiceType" protocolSupportEnumeration="${NS.fed}">
    <fed:TargetScopes><wsa:EndpointReference xmlns:wsa="${NS.wsa}"><wsa:Address>${escapeXml(u.entityId)}</wsa:Address></wsa:EndpointReference></fed:TargetScopes>
    <fed:PassiveRequestorEndpoint><wsa:EndpointReference xmlns:wsa="${NS.wsa}"><wsa:Address>${acs}</wsa:Address></wsa:EndpointReference></fed:PassiveRequestorEndpoint>
  </md:RoleDescriptor>`
      : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="${NS.md}" entityID="${escapeXml(u.entityId)}">${wsfed}
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${acs}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}

export type FederationMetadata = {
  entityId: string;
  /** SAML 2.0 HTTP-Redirect single sign-on location, if the IdP offers one. */
  samlLoginUrl: string | null;
  /** WS-Federation passive requestor endpoint, if the IdP offers one. */
  wsfedLoginUrl: string | null;
  /** Signing certificates as PEM, in document order, without duplicates. */
  certificates: string[];
};

function pem(base64: string): string {
  const body = base64.replace(/\s+/g, "");
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join("\n") ?? ""}\n-----END CERTIFICATE-----\n`;
}

/**
 * Reads an identity provider's federation metadata (Entra: App Federation Metadata Url / XML).
 * The document is one the admin chose to paste, so its own signature is not required; the
 * certificates it names are still parsed and shown to the admin before they are saved.
 */
export function parseFederationMetadata(xml: string): FederationMetadata {
  let doc: Document;
  try {
    doc = parseXml(xml.trim());
  } catch (error) {
    if (error instanceof SsoRefusal)
      throw new Error(
        error.code === "unsafe_xml"
          ? "The document has a DTD or is too large"
          : "This is not well-formed XML",
      );
    throw error;
  }
  const root = doc.documentElement;
  const entity =
    root.namespaceURI === NS.md && root.localName === "EntityDescriptor"
      ? root
      : elements(doc, NS.md, "EntityDescriptor")[0];
  const entityId = entity?.getAttribute("entityID");
  if (!entity || !entityId) throw new Error("No SAML EntityDescriptor with an entityID was found");

  const signingCerts = (descriptor: Element) =>
    children(descriptor, NS.md, "KeyDescriptor")
      .filter((k) => (k.getAttribute("use") ?? "signing") === "signing")
      .flatMap((k) => elements(k, NS.ds, "X509Certificate"))
      .map((c) => text(c))
      .filter((c): c is string => c !== null);

  const idpDescriptors = children(entity, NS.md, "IDPSSODescriptor");
  const stsDescriptors = children(entity, NS.md, "RoleDescriptor").filter((r) =>
    /SecurityTokenServiceType$/.test(
      r.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type") ?? "",
    ),
  );
  const samlLoginUrl =
    idpDescriptors
      .flatMap((d) => children(d, NS.md, "SingleSignOnService"))
      .find((s) => s.getAttribute("Binding") === "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect")
      ?.getAttribute("Location") ?? null;
  const wsfedLoginUrl =
    stsDescriptors
      .flatMap((d) => children(d, NS.fed, "PassiveRequestorEndpoint"))
      .flatMap((e) => elements(e, NS.wsa, "Address"))
      .map((a) => text(a))
      .find((a) => a !== null) ?? null;
  const certificates = [
    ...new Set(
      [...idpDescriptors, ...stsDescriptors].flatMap(signingCerts).map((c) => c.replace(/\s+/g, "")),
    ),
  ].map(pem);
  if (certificates.length === 0) throw new Error("The metadata names no signing certificate");
  return { entityId, samlLoginUrl, wsfedLoginUrl, certificates };
}

/** The company-wide sign-in link: it starts sign-in at the tenant's default identity provider. */
export function companySignInUrl(tenantId: string): string {
  return `${appUrl()}/login?company=${encodeURIComponent(tenantId)}`;
}
