/**
 * Parsing untrusted XML from identity providers. Documents with a DTD are refused outright (no
 * entity expansion, no external entities: XXE and "billion laughs" never reach a parser), and
 * parse errors or warnings fail instead of being repaired.
 */
import { DOMParser } from "@xmldom/xmldom";
import { SsoRefusal } from "./errors";

/** Bigger than any real sign-in response or federation metadata document. */
export const MAX_XML_BYTES = 256 * 1024;

export function refuseUnsafeXml(xml: string): void {
  if (Buffer.byteLength(xml, "utf8") > MAX_XML_BYTES)
    throw new SsoRefusal("unsafe_xml", "document too large");
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new SsoRefusal("unsafe_xml", "document has a DTD or entity declaration");
}

export function parseXml(xml: string): Document {
  refuseUnsafeXml(xml);
  const problems: string[] = [];
  const report = (message: string) => problems.push(message);
  const doc = new DOMParser({
    locator: {},
    errorHandler: { warning: report, error: report, fatalError: report },
  }).parseFromString(xml, "text/xml");
  if (problems.length > 0 || !doc.documentElement) {
    throw new SsoRefusal("malformed", `not well-formed XML (${problems[0]?.split("\n")[0] ?? "empty"})`);
  }
  return doc as unknown as Document;
}

export const NS = {
  saml1: "urn:oasis:names:tc:SAML:1.0:assertion",
  saml2: "urn:oasis:names:tc:SAML:2.0:assertion",
  samlp: "urn:oasis:names:tc:SAML:2.0:protocol",
  ds: "http://www.w3.org/2000/09/xmldsig#",
  md: "urn:oasis:names:tc:SAML:2.0:metadata",
  fed: "http://docs.oasis-open.org/wsfed/federation/200706",
  wsa: "http://www.w3.org/2005/08/addressing",
} as const;

/** Element descendants of `node` with this namespace and local name, in document order. */
export function elements(node: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(node.getElementsByTagNameNS(ns, localName));
}

/** Child elements (not deeper descendants). */
export function children(node: Element, ns: string, localName: string): Element[] {
  return Array.from(node.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName,
  );
}

export function text(node: Element | undefined): string | null {
  const value = node?.textContent?.trim();
  return value ? value : null;
}
