/**
 * SAML 2.0 (HTTP-Redirect AuthnRequest, HTTP-POST Response) through @node-saml/node-saml, which
 * verifies the XML signature against the configured certificates (only the signed bytes are read,
 * one assertion at most: signature-wrapping variants fail), the audience, the validity window and
 * InResponseTo. We add: no DTD, Destination and Recipient, one-time request IDs and the replay cache.
 */
import { randomBytes } from "node:crypto";
import { SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import { readAssertion, type AssertionFacts } from "./assertion";
import { SsoRefusal } from "./errors";
import type { SsoIdp } from "./idp";
import { spUrls } from "./metadata";
import { requestCache, REQUEST_TTL_MS, type ReturnTarget } from "./store";
import { NS, parseXml } from "./xml";
import { CLOCK_SKEW_MS } from "./clock";

function samlFor(idp: SsoIdp, returnTo: ReturnTarget | null = null): SAML {
  const urls = spUrls(idp.publicId);
  return new SAML({
    entryPoint: idp.loginUrl ?? undefined,
    issuer: urls.entityId,
    callbackUrl: urls.acsUrl,
    audience: urls.entityId,
    idpCert: idp.certificates,
    idpIssuer: idp.idpEntityId ?? undefined,
    // Entra signs the assertion by default and can be set to sign the response instead: either
    // signature is accepted, as long as it covers the assertion that is read.
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    // IdP-initiated sign-in (Entra's My Apps tile) carries no InResponseTo; the replay cache still
    // makes each such response usable once.
    validateInResponseTo: ValidateInResponseTo.ifPresent,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: requestCache({ tenantId: idp.tenantId, idpId: idp.id }, returnTo),
    generateUniqueId: () => `_${randomBytes(20).toString("hex")}`,
  });
}

/** The IdP URL that starts a sign-in (the request ID is saved for InResponseTo, with its return target). */
export async function samlSignInUrl(idp: SsoIdp, returnTo: ReturnTarget | null = null): Promise<string> {
  return samlFor(idp, returnTo).getAuthorizeUrlAsync("", undefined, {});
}

function refusalFromLibrary(error: unknown): SsoRefusal {
  if (error instanceof SsoRefusal) return error;
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.slice(0, 300);
  if (/signature|signed/i.test(message)) return new SsoRefusal("bad_signature", detail);
  if (/InResponseTo/i.test(message)) return new SsoRefusal("unknown_request", detail);
  if (/audience/i.test(message)) return new SsoRefusal("wrong_audience", detail);
  if (/not yet valid|expired|too old/i.test(message)) return new SsoRefusal("expired", detail);
  if (/issuer/i.test(message)) return new SsoRefusal("wrong_issuer", detail);
  if (/status/i.test(message)) return new SsoRefusal("idp_error", detail);
  return new SsoRefusal("malformed", detail);
}

export type VerifiedResponse = { facts: AssertionFacts; inResponseTo: string | null };

export async function verifySamlResponse(idp: SsoIdp, samlResponse: string): Promise<VerifiedResponse> {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(samlResponse))
    throw new SsoRefusal("malformed", "SAMLResponse is not Base64");
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.samlp || root.localName !== "Response") {
    throw new SsoRefusal("malformed", "not a SAML 2.0 Response");
  }
  const destination = root.getAttribute("Destination");
  const acsUrl = spUrls(idp.publicId).acsUrl;
  if (destination && destination !== acsUrl) {
    throw new SsoRefusal("wrong_recipient", `Destination is not ${acsUrl}`);
  }
  let assertionXml: string;
  try {
    const { profile } = await samlFor(idp).validatePostResponseAsync({ SAMLResponse: samlResponse });
    if (!profile) throw new SsoRefusal("malformed", "the response carries no assertion");
    assertionXml = profile.getAssertionXml?.() ?? "";
  } catch (error) {
    throw refusalFromLibrary(error);
  }
  const facts = readAssertion(parseXml(assertionXml).documentElement);
  return { facts, inResponseTo: root.getAttribute("InResponseTo") || facts.inResponseTo };
}
