/** Single sign-on for provisioned users: start a sign-in, and turn a verified answer into a session. */
import { fold } from "@/lib/db/fold";
import { db } from "@/lib/db";
import { toBool } from "@/lib/db/sql";
import { USER_SCHEMA } from "@/lib/scim/schema/user";
import { logOwnOperation, scimContextFor } from "@/lib/provisioning/scim-endpoint";
import { userHandler } from "@/lib/scim/resources/users";
import {
  authenticationMethods,
  checkConditions,
  claimGroupsOf,
  identityOf,
  type AssertionFacts,
  type Identity,
} from "./assertion";
import { rememberClaimGroups } from "./claim-groups";
import { CLOCK_SKEW_MS } from "./clock";
import { SsoRefusal } from "./errors";
import { isSsoReady, type SsoIdp } from "./idp";
import { spUrls } from "./metadata";
import { consumeCallbackRequest, oidcSignInUrl, verifyOidcCallback } from "./oidc";
import { samlSignInUrl, verifySamlResponse } from "./saml";
import { createUserSession } from "./sessions";
import {
  consumeRequest,
  pruneExpired,
  recordSsoEvent,
  rememberAssertion,
  type ReturnTarget,
  type SignInStart,
} from "./store";
import { verifyWsFedResponse, wsfedSignInUrl } from "./wsfed";

function requireConfigured(idp: SsoIdp): void {
  if (!isSsoReady(idp)) {
    throw new SsoRefusal(
      "sso_not_configured",
      idp.type === "oidc"
        ? "the identity provider has no issuer, client id or client secret"
        : "the identity provider has no login URL or no signing certificate",
    );
  }
}

/**
 * Where to send the browser to start an SP-initiated sign-in: for an application (`returnTo`, kept
 * with the request, decides where the verified response leads), or for a Rollcall session (My
 * account, the admin portal) in the browser holding `binding`, which an OpenID Connect request is
 * bound to (lib/sso/browser-binding.ts; the caller sets its cookie).
 */
export async function signInRedirect(idp: SsoIdp, start: SignInStart): Promise<string> {
  requireConfigured(idp);
  if (idp.type === "oidc") return oidcSignInUrl(idp, start);
  const returnTo = "returnTo" in start ? start.returnTo : null;
  return idp.type === "saml" ? samlSignInUrl(idp, returnTo) : wsfedSignInUrl(idp, returnTo);
}

export type AcsForm = { SAMLResponse?: string; wresult?: string; wctx?: string };

/** What the identity provider sent back: a form posted to the ACS, or an OpenID Connect callback URL. */
export type IdpAnswer = AcsForm | { callback: URL; binding: string | null };

export type SignedIn =
  | { kind: "user"; sessionToken: string; userId: string }
  | { kind: "admin"; admin: { id: string; tenantId: string; email: string; name: string } }
  /** For an application (the request's return target): no Rollcall session, the person's account. */
  | {
      kind: "application";
      interaction: string;
      tenantId: string;
      userId: string;
      idpId: string;
      amr: string[];
    };

/**
 * Verifies what the identity provider sent back (a SAML or WS-Federation response posted to the
 * assertion consumer endpoint, or an OpenID Connect callback), finds the provisioned user and opens
 * a session — or, when the request was an application's, hands the user back for it
 * (administrators are not matched then: the application signs in people, not Rollcall admins).
 * Every outcome is written to the IdP's sign-in activity. A refusal after the request was known
 * carries its return target, so the application can be told.
 */
export async function completeSignIn(idp: SsoIdp, answer: IdpAnswer, now = new Date()): Promise<SignedIn> {
  const key = { tenantId: idp.tenantId, idpId: idp.id };
  let subject: string | null = null;
  // Set by verify as soon as the request is found, so a refusal after that reaches the application.
  const request: KnownRequest = { returnTo: null };
  try {
    requireConfigured(idp);
    const verified = await verify(idp, answer, now, request);
    const { returnTo } = request;
    const { identity } = verified;
    subject = verified.subject;
    if (verified.replay) await rememberAssertion(key, verified.replay.id, verified.replay.until, now);
    const noIdentifier = () =>
      new SsoRefusal("no_identifier", `the ${verified.source} has no ${verified.claim} value`);
    if (returnTo) {
      if (!subject) throw noIdentifier();
      const { userId, created } = await matchUser(idp, subject, identity);
      await rememberClaimGroups(key, userId, verified.groups, now);
      await recordSsoEvent(key, "signed-in", subject, created ? "account created at first sign-in" : null);
      return {
        kind: "application",
        interaction: returnTo.interaction,
        tenantId: idp.tenantId,
        userId,
        idpId: idp.id,
        amr: verified.amr,
      };
    }
    const admin = await adminFor(idp.tenantId, [subject, identity.email, identity.upn]);
    if (admin) {
      await recordSsoEvent(key, "signed-in", admin.email, "administrator");
      return { kind: "admin", admin };
    }
    if (!subject) throw noIdentifier();
    const { userId, created } = await matchUser(idp, subject, identity);
    const sessionToken = await createUserSession(idp.tenantId, userId, idp.id);
    await recordSsoEvent(key, "signed-in", subject, created ? "account created at first sign-in" : null);
    return { kind: "user", sessionToken, userId };
  } catch (error) {
    if (error instanceof SsoRefusal) {
      await recordSsoEvent(key, "refused", error.subject ?? subject, `${error.code}: ${error.detail}`);
      error.returnTo = request.returnTo;
    }
    throw error;
  } finally {
    void pruneExpired(now).catch(() => undefined);
  }
}

/** A verified answer, whatever the protocol: who it names and what it says of them. */
type Verified = {
  identity: Identity;
  /** The configured claim's value, and where it was looked for (for the refusal's words). */
  subject: string | null;
  claim: string;
  source: "assertion" | "ID token";
  groups: string[];
  amr: string[];
  /** The assertion's ID, kept until it expires so it is accepted once (the OIDC state is one-use already). */
  replay: { id: string; until: Date } | null;
};

type KnownRequest = { returnTo: ReturnTarget | null };

/**
 * Verifies the answer; `known` gets the request's return target as soon as the request is found
 * (none: IdP-initiated), so a refusal after that point still reaches the application.
 */
async function verify(idp: SsoIdp, answer: IdpAnswer, now: Date, known: KnownRequest): Promise<Verified> {
  if (idp.type === "oidc") {
    if (!("callback" in answer)) throw new SsoRefusal("malformed", "not an OpenID Connect callback");
    const request = await consumeCallbackRequest(idp, answer.callback, answer.binding);
    known.returnTo = request.returnTo;
    const facts = await verifyOidcCallback(idp, answer.callback, request);
    return { ...facts, claim: idp.oidc?.claim ?? "email", source: "ID token", replay: null };
  }
  if ("callback" in answer) throw new SsoRefusal("malformed", "not a SAML or WS-Federation response");
  const { facts, returnTo } = await verifyAssertion(idp, answer);
  known.returnTo = returnTo;
  checkConditions(facts, {
    entityId: spUrls(idp.publicId).entityId,
    acsUrl: spUrls(idp.publicId).acsUrl,
    idpEntityId: idp.idpEntityId,
    now,
    skewMs: CLOCK_SKEW_MS,
  });
  const identity = identityOf(facts);
  return {
    identity,
    subject: claimValue(idp, identity),
    claim: idp.ssoClaim,
    source: "assertion",
    groups: claimGroupsOf(facts),
    amr: authenticationMethods(facts),
    replay: { id: facts.id, until: facts.notOnOrAfter ?? now },
  };
}

/** The verified assertion, and the return target of the request it answers (none: IdP-initiated). */
async function verifyAssertion(
  idp: SsoIdp,
  form: AcsForm,
): Promise<{ facts: AssertionFacts; returnTo: ReturnTarget | null }> {
  const key = { tenantId: idp.tenantId, idpId: idp.id };
  if (idp.type === "saml") {
    if (!form.SAMLResponse) throw new SsoRefusal("malformed", "no SAMLResponse in the form");
    const { facts, inResponseTo } = await verifySamlResponse(idp, form.SAMLResponse);
    if (!inResponseTo) return { facts, returnTo: null };
    const request = await consumeRequest(key, inResponseTo);
    if (!request) {
      throw new SsoRefusal(
        "unknown_request",
        `InResponseTo ${inResponseTo.slice(0, 80)} is unknown, expired or used`,
      );
    }
    return { facts, returnTo: request.returnTo };
  }
  if (!form.wresult) throw new SsoRefusal("malformed", "no wresult in the form");
  const { facts, wctx } = verifyWsFedResponse(idp, form.wresult, form.wctx ?? null);
  if (!wctx) return { facts, returnTo: null };
  const request = await consumeRequest(key, wctx);
  if (!request) {
    throw new SsoRefusal("unknown_request", `wctx ${wctx.slice(0, 80)} is unknown, expired or used`);
  }
  return { facts, returnTo: request.returnTo };
}

/** When the tenant lets administrators use SSO: the admin whose email the identity carries. */
async function adminFor(tenantId: string, identifiers: (string | null)[]) {
  const emails = [...new Set(identifiers.filter((v): v is string => !!v).map((v) => v.trim().toLowerCase()))];
  if (emails.length === 0) return null;
  const { sql } = await db();
  return (
    (await sql.get<{ id: string; tenantId: string; email: string; name: string }>(
      `SELECT a.id, a."tenantId", a.email, a.name FROM "Admin" a JOIN "Tenant" t ON t.id = a."tenantId"
       WHERE a."tenantId" = ? AND t."adminSso" = ? AND a."emailLower" IN (${emails.map(() => "?").join(", ")})
       ORDER BY a."createdAt" LIMIT 1`,
      [tenantId, true, ...emails],
    )) ?? null
  );
}

function claimValue(idp: SsoIdp, identity: Identity): string | null {
  const value =
    idp.ssoClaim === "upn" ? identity.upn : idp.ssoClaim === "email" ? identity.email : identity.nameId;
  return value?.trim() || null;
}

async function matchUser(
  idp: SsoIdp,
  subject: string,
  identity: Identity,
): Promise<{ userId: string; created: boolean }> {
  const { sql } = await db();
  const lower = fold(subject);
  const rows =
    idp.ssoMatch === "email"
      ? await sql.all<{ id: string; active: unknown }>(
          `SELECT DISTINCT u.id, u.active FROM "ScimUserEmail" e JOIN "ScimUser" u ON u."tenantId" = e."tenantId" AND u.id = e."userId"
           WHERE e."tenantId" = ? AND e."valueLower" = ?`,
          [idp.tenantId, lower],
        )
      : await sql.all<{ id: string; active: unknown }>(
          `SELECT id, active FROM "ScimUser" WHERE "tenantId" = ? AND "userNameLower" = ?`,
          [idp.tenantId, lower],
        );
  if (rows.length > 1)
    throw new SsoRefusal("ambiguous", `${rows.length} users have this ${idp.ssoMatch}`, subject);
  const [row] = rows;
  if (row) {
    if (!toBool(row.active))
      throw new SsoRefusal("disabled", "the user is provisioned with active=false", subject);
    return { userId: row.id, created: false };
  }
  if (!idp.jitProvisioning)
    throw new SsoRefusal("not_provisioned", `no provisioned user with this ${idp.ssoMatch}`, subject);
  return { userId: await createJustInTime(idp, subject, identity), created: true };
}

async function createJustInTime(idp: SsoIdp, subject: string, identity: Identity): Promise<string> {
  const email = idp.ssoMatch === "email" ? subject : identity.email;
  const body = {
    schemas: [USER_SCHEMA],
    userName: idp.ssoMatch === "userName" ? subject : (identity.upn ?? subject),
    active: true,
    ...(identity.displayName ? { displayName: identity.displayName } : {}),
    ...(identity.givenName || identity.familyName
      ? { name: { givenName: identity.givenName ?? undefined, familyName: identity.familyName ?? undefined } }
      : {}),
    ...(email ? { emails: [{ value: email, type: "work", primary: true }] } : {}),
  };
  const ctx = await scimContextFor(idp.tenantId, idp.id);
  const outcome = await userHandler.create(ctx, body, { attributes: null, excluded: [] });
  if (!outcome.resourceId) throw new Error("just-in-time creation returned no id");
  logOwnOperation(ctx, "Rollcall: created at first sign-in", "POST", "/Users", outcome);
  return outcome.resourceId;
}
