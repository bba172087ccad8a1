/**
 * Reading a SAML 1.1 or 2.0 assertion that has already been verified (always a DOM parsed from the
 * signed bytes, never from the surrounding document), and checking its conditions.
 */
import { SsoRefusal } from "./errors";
import { children, NS, text } from "./xml";

export type AssertionFacts = {
  version: "1.1" | "2.0";
  id: string;
  issuer: string | null;
  notBefore: Date | null;
  notOnOrAfter: Date | null;
  audiences: string[];
  /** SAML 2.0 SubjectConfirmationData: Recipient, NotOnOrAfter and InResponseTo. */
  recipients: string[];
  subjectNotOnOrAfter: Date | null;
  inResponseTo: string | null;
  nameId: string | null;
  attributes: Map<string, string[]>;
  /** How the IdP authenticated the person: SAML 2.0 AuthnContextClassRef, SAML 1.1 AuthenticationMethod. */
  authnContexts: string[];
};

function date(value: string | null): Date | null {
  if (!value) return null;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()))
    throw new SsoRefusal("malformed", `invalid timestamp "${value.slice(0, 40)}"`);
  return parsed;
}

function attr(el: Element | undefined, name: string): string | null {
  const value = el?.getAttribute(name);
  return value ? value : null;
}

function descendants(node: Element, ns: string, localName: string): Element[] {
  return Array.from(node.getElementsByTagNameNS(ns, localName));
}

function addAttribute(map: Map<string, string[]>, name: string, values: Element[]): void {
  const list = map.get(name) ?? [];
  for (const v of values) {
    const t = text(v);
    if (t !== null) list.push(t);
  }
  map.set(name, list);
}

export function readAssertion(assertion: Element): AssertionFacts {
  if (assertion.localName !== "Assertion")
    throw new SsoRefusal("malformed", "the signed element is not an assertion");
  if (assertion.namespaceURI === NS.saml2) return readSaml2(assertion);
  if (assertion.namespaceURI === NS.saml1) return readSaml1(assertion);
  throw new SsoRefusal("malformed", "unknown assertion namespace");
}

function readSaml2(a: Element): AssertionFacts {
  const ns = NS.saml2;
  const id = attr(a, "ID");
  if (!id) throw new SsoRefusal("malformed", "assertion without ID");
  const conditions = children(a, ns, "Conditions")[0];
  const subject = children(a, ns, "Subject")[0];
  const confirmations = subject
    ? children(subject, ns, "SubjectConfirmation").flatMap((c) => children(c, ns, "SubjectConfirmationData"))
    : [];
  const attributes = new Map<string, string[]>();
  for (const statement of children(a, ns, "AttributeStatement")) {
    for (const at of children(statement, ns, "Attribute")) {
      const name = attr(at, "Name");
      if (name) addAttribute(attributes, name, children(at, ns, "AttributeValue"));
    }
  }
  const subjectTimes = confirmations
    .map((c) => date(attr(c, "NotOnOrAfter")))
    .filter((d): d is Date => d !== null);
  return {
    version: "2.0",
    id,
    issuer: text(children(a, ns, "Issuer")[0]),
    notBefore: date(attr(conditions, "NotBefore")),
    notOnOrAfter: date(attr(conditions, "NotOnOrAfter")),
    audiences: conditions
      ? children(conditions, ns, "AudienceRestriction").flatMap((r) =>
          children(r, ns, "Audience").map((x) => text(x) ?? ""),
        )
      : [],
    recipients: confirmations.map((c) => attr(c, "Recipient")).filter((r): r is string => r !== null),
    subjectNotOnOrAfter: subjectTimes.length
      ? new Date(Math.min(...subjectTimes.map((d) => d.getTime())))
      : null,
    inResponseTo: confirmations.map((c) => attr(c, "InResponseTo")).find((r) => r !== null) ?? null,
    nameId: subject ? text(children(subject, ns, "NameID")[0]) : null,
    attributes,
    authnContexts: children(a, ns, "AuthnStatement")
      .flatMap((st) => children(st, ns, "AuthnContext"))
      .flatMap((c) => children(c, ns, "AuthnContextClassRef"))
      .map(text)
      .filter((v): v is string => v !== null),
  };
}

function readSaml1(a: Element): AssertionFacts {
  const ns = NS.saml1;
  const id = attr(a, "AssertionID");
  if (!id) throw new SsoRefusal("malformed", "assertion without AssertionID");
  const conditions = children(a, ns, "Conditions")[0];
  const attributes = new Map<string, string[]>();
  for (const statement of children(a, ns, "AttributeStatement")) {
    for (const at of children(statement, ns, "Attribute")) {
      const name = attr(at, "AttributeName");
      const namespace = attr(at, "AttributeNamespace");
      if (name)
        addAttribute(
          attributes,
          namespace ? `${namespace}/${name}` : name,
          children(at, ns, "AttributeValue"),
        );
    }
  }
  const nameIds = descendants(a, ns, "NameIdentifier")
    .map(text)
    .filter((v): v is string => v !== null);
  return {
    version: "1.1",
    id,
    issuer: attr(a, "Issuer"),
    notBefore: date(attr(conditions, "NotBefore")),
    notOnOrAfter: date(attr(conditions, "NotOnOrAfter")),
    audiences: conditions
      ? children(conditions, ns, "AudienceRestrictionCondition").flatMap((r) =>
          children(r, ns, "Audience").map((x) => text(x) ?? ""),
        )
      : [],
    recipients: [],
    subjectNotOnOrAfter: null,
    inResponseTo: null,
    nameId: nameIds[0] ?? null,
    attributes,
    authnContexts: children(a, ns, "AuthenticationStatement")
      .map((st) => attr(st, "AuthenticationMethod"))
      .filter((v): v is string => v !== null),
  };
}

export type Expectations = {
  /** Our entity ID (SAML audience / WS-Federation realm). */
  entityId: string;
  acsUrl: string;
  /** The IdP's issuer, when the admin configured one. */
  idpEntityId: string | null;
  now: Date;
  skewMs: number;
};

/** Issuer, audience, recipient and validity window; throws the first problem found. */
export function checkConditions(facts: AssertionFacts, expect: Expectations): void {
  if (expect.idpEntityId && facts.issuer !== expect.idpEntityId) {
    throw new SsoRefusal("wrong_issuer", `issuer "${facts.issuer ?? ""}" is not "${expect.idpEntityId}"`);
  }
  if (!facts.audiences.includes(expect.entityId)) {
    throw new SsoRefusal(
      "wrong_audience",
      facts.audiences.length
        ? `audience "${facts.audiences.join('", "')}" is not "${expect.entityId}"`
        : "no audience restriction",
    );
  }
  if (facts.recipients.some((r) => r !== expect.acsUrl)) {
    throw new SsoRefusal("wrong_recipient", `recipient is not ${expect.acsUrl}`);
  }
  const now = expect.now.getTime();
  if (!facts.notOnOrAfter) throw new SsoRefusal("malformed", "assertion without NotOnOrAfter");
  if (facts.notBefore && now + expect.skewMs < facts.notBefore.getTime()) {
    throw new SsoRefusal("expired", `not valid before ${facts.notBefore.toISOString()}`);
  }
  for (const end of [facts.notOnOrAfter, facts.subjectNotOnOrAfter]) {
    if (end && now - expect.skewMs >= end.getTime()) {
      throw new SsoRefusal("expired", `expired at ${end.toISOString()}`);
    }
  }
}

const CLAIMS = {
  upn: [
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    "upn",
  ],
  email: [
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "email",
    "mail",
    "emailaddress",
  ],
  givenName: ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "givenName", "firstName"],
  familyName: ["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "surname", "sn", "lastName"],
  displayName: ["http://schemas.microsoft.com/identity/claims/displayname", "displayName"],
} as const;

export type Identity = {
  nameId: string | null;
  upn: string | null;
  email: string | null;
  givenName: string | null;
  familyName: string | null;
  displayName: string | null;
};

export function identityOf(facts: AssertionFacts): Identity {
  const claim = (names: readonly string[]) => {
    for (const name of names) {
      const value = facts.attributes.get(name)?.[0];
      if (value) return value;
    }
    return null;
  };
  return {
    nameId: facts.nameId,
    upn: claim(CLAIMS.upn),
    email: claim(CLAIMS.email),
    givenName: claim(CLAIMS.givenName),
    familyName: claim(CLAIMS.familyName),
    displayName: claim(CLAIMS.displayName),
  };
}

/**
 * Where identity providers put a person's groups: Entra ID (object ids, or names for groups synced
 * from on-premises), AD FS, and the plain names Okta, OneLogin and Google admins configure.
 */
const GROUP_CLAIMS = [
  "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
  "http://schemas.xmlsoap.org/claims/Group",
  "groups",
  "memberOf",
] as const;

/** At most this many values of at most MAX_GROUP_CLAIM_LENGTH characters are kept from a sign-in. */
export const MAX_CLAIM_GROUPS = 200;
export const MAX_GROUP_CLAIM_LENGTH = 256;

/** The values of the assertion's groups claim, trimmed, each once, bounded. */
export function claimGroupsOf(facts: AssertionFacts): string[] {
  return boundClaimGroups(GROUP_CLAIMS.flatMap((name) => facts.attributes.get(name) ?? []));
}

/** Trimmed, non-empty, each once, at most MAX_CLAIM_GROUPS values of bounded length. */
export function boundClaimGroups(values: readonly unknown[]): string[] {
  const kept = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string") continue;
    const v = value.trim();
    if (v && v.length <= MAX_GROUP_CLAIM_LENGTH) kept.add(v);
    if (kept.size === MAX_CLAIM_GROUPS) break;
  }
  return [...kept];
}

/** Entra's list of the methods used (WS-Federation and SAML attribute). */
const AUTHN_METHODS_CLAIM = "http://schemas.microsoft.com/claims/authnmethodsreferences";

/** RFC 8176 values for what the assertion says of how the person authenticated. */
const AMR_PATTERNS: [RegExp, string][] = [
  [/multipleauthn|multifactor|mfa/i, "mfa"],
  [/password/i, "pwd"],
  [/x509|smartcard|tlsclient/i, "sc"],
  [/kerberos|windows/i, "wia"],
];

/**
 * The authentication methods (`amr`, RFC 8176) the identity provider vouched for in this
 * assertion: its authentication context and Entra's authnmethodsreferences claim, mapped to the
 * registered values Rollcall recognises; nothing when it says nothing recognisable.
 */
export function authenticationMethods(facts: AssertionFacts): string[] {
  const said = [...facts.authnContexts, ...(facts.attributes.get(AUTHN_METHODS_CLAIM) ?? [])];
  const found = new Set<string>();
  for (const value of said) {
    for (const [pattern, amr] of AMR_PATTERNS) if (pattern.test(value)) found.add(amr);
  }
  return [...found].sort();
}
