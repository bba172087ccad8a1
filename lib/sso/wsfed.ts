/**
 * WS-Federation passive profile (wa=wsignin1.0): the response's wresult is a
 * RequestSecurityTokenResponse carrying one SAML 1.1 or 2.0 assertion. No maintained library
 * covers it, so the signature is checked with xml-crypto (the library under @node-saml) and only
 * the bytes it reports as signed are read: a second assertion, a signature over another element, a
 * moved or duplicated ID, or a key other than the configured certificates are all refused.
 */
import { randomBytes } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { readAssertion, type AssertionFacts } from "./assertion";
import { SsoRefusal } from "./errors";
import type { SsoIdp } from "./idp";
import { spUrls } from "./metadata";
import { saveRequest, type ReturnTarget } from "./store";
import { children, elements, NS, parseXml } from "./xml";

/** The IdP URL that starts a sign-in; wctx carries our request ID and comes back with the token. */
export async function wsfedSignInUrl(idp: SsoIdp, returnTo: ReturnTarget | null = null): Promise<string> {
  if (!idp.loginUrl) throw new SsoRefusal("sso_not_configured", "no login URL");
  const urls = spUrls(idp.publicId);
  const requestId = `_${randomBytes(20).toString("hex")}`;
  await saveRequest({ tenantId: idp.tenantId, idpId: idp.id }, requestId, { returnTo });
  const url = new URL(idp.loginUrl);
  url.searchParams.set("wa", "wsignin1.0");
  url.searchParams.set("wtrealm", urls.entityId);
  url.searchParams.set("wreply", urls.acsUrl);
  url.searchParams.set("wctx", requestId);
  return url.toString();
}

function verifySignedAssertion(xml: string, assertion: Element, certificates: string[]): Element {
  const [signature, ...more] = children(assertion, NS.ds, "Signature");
  if (!signature || more.length > 0) {
    throw new SsoRefusal(
      "bad_signature",
      signature ? "more than one signature" : "the assertion is not signed",
    );
  }
  const isSaml1 = assertion.namespaceURI === NS.saml1;
  const id = assertion.getAttribute(isSaml1 ? "AssertionID" : "ID");
  let lastError = "no certificate configured";
  for (const publicCert of certificates) {
    // SAML 2.0's "ID" is among xml-crypto's default ID attributes; naming it again would count twice.
    const sig = new SignedXml(isSaml1 ? { publicCert, idAttribute: "AssertionID" } : { publicCert });
    sig.loadSignature(signature);
    let valid = false;
    try {
      valid = sig.checkSignature(xml);
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      continue;
    }
    if (!valid) {
      lastError = "signature does not verify with the configured certificate";
      continue;
    }
    const refs = sig.getReferences();
    if (refs.length !== 1 || refs[0]?.uri !== `#${id}`) {
      throw new SsoRefusal("bad_signature", "the signature does not cover exactly the assertion");
    }
    const [signed, ...others] = sig.getSignedReferences();
    if (signed === undefined || others.length > 0) {
      throw new SsoRefusal("bad_signature", "the signature does not cover exactly the assertion");
    }
    const signedRoot = parseXml(signed).documentElement;
    const signedId = signedRoot.getAttribute(isSaml1 ? "AssertionID" : "ID");
    if (signedRoot.localName !== "Assertion" || signedId !== id) {
      throw new SsoRefusal("bad_signature", "the signed element is not the assertion");
    }
    return signedRoot;
  }
  throw new SsoRefusal("bad_signature", lastError.slice(0, 300));
}

export type VerifiedWsFed = { facts: AssertionFacts; wctx: string | null };

export function verifyWsFedResponse(idp: SsoIdp, wresult: string, wctx: string | null): VerifiedWsFed {
  const doc = parseXml(wresult);
  const root = doc.documentElement;
  if (!/^RequestSecurityTokenResponse(Collection)?$/.test(root.localName ?? "")) {
    throw new SsoRefusal("malformed", "wresult is not a RequestSecurityTokenResponse");
  }
  const [assertion, ...more] = [
    ...elements(doc, NS.saml1, "Assertion"),
    ...elements(doc, NS.saml2, "Assertion"),
  ];
  if (!assertion) throw new SsoRefusal("malformed", "no assertion in the token");
  if (more.length > 0) throw new SsoRefusal("bad_signature", "more than one assertion");
  const signed = verifySignedAssertion(wresult, assertion, idp.certificates);
  return { facts: readAssertion(signed), wctx };
}
