/**
 * Rollcall's side of an OpenID Connect interaction: the browser arrives at /interaction/<uid> with
 * the provider's interaction cookie; Rollcall finds the company (lib/oidc/routing.ts), runs that
 * tenant's existing SAML or WS-Federation sign-in with the interaction as the request's return
 * target, and finishes the interaction when the identity provider's response has verified.
 *
 * The response arrives at the assertion consumer endpoint as a cross-site POST, without the
 * browser's cookies. It is bound to the interaction by its request (InResponseTo / wctx, one use),
 * but that alone would let someone start an interaction, send the identity provider's URL to a
 * victim and resume the interaction with their own cookies once the victim signed in. So the
 * outcome is parked under a one-time hand-off token that only the browser carrying the response
 * gets (in its redirect to /interaction/<uid>/finish), and the interaction is finished only by a
 * browser holding both that token and the interaction's own cookie.
 */
import { createHash, randomBytes } from "node:crypto";
import { errors, type Provider } from "oidc-provider";
import { signInRedirect } from "@/lib/sso/service";
import type { SsoIdp } from "@/lib/sso/idp";
import { accountIdOf, activeSubject, parseAccountId } from "./accounts";
import { findApplicationRecord, type ApplicationRecord } from "./applications";
import { cookieCarrier } from "./http";
import { interactionPath, oidcIssuer } from "./issuer";
import { oidcProvider } from "./provider";
import { OidcStore } from "./store";

/** How long the hand-off token is valid: one redirect. */
const HANDOFF_SECONDS = 120;
const handoffs = new OidcStore("SignInHandoff");

export type Interaction = {
  uid: string;
  prompt: string;
  params: Record<string, unknown>;
  app: ApplicationRecord;
};

type Details = Awaited<ReturnType<Provider["interactionDetails"]>>;

async function details(
  provider: Provider,
  uid: string,
  cookieHeader: string | null,
): Promise<Details | null> {
  const { req, res } = cookieCarrier(cookieHeader);
  try {
    const found = await provider.interactionDetails(req, res);
    return found.uid === uid ? found : null;
  } catch (error) {
    if (error instanceof errors.SessionNotFound) return null;
    throw error;
  }
}

/** The interaction this browser holds under `uid`, or null (unknown, expired, another browser's). */
export async function loadInteraction(uid: string, cookieHeader: string | null): Promise<Interaction | null> {
  const provider = await oidcProvider();
  const found = await details(provider, uid, cookieHeader);
  if (!found) return null;
  const params = found.params as Record<string, unknown>;
  const app = typeof params.client_id === "string" ? await findApplicationRecord(params.client_id) : null;
  if (!app) return null;
  return { uid, prompt: found.prompt.name, params, app };
}

async function finish(
  uid: string,
  cookieHeader: string | null,
  result: Parameters<Provider["interactionResult"]>[2],
): Promise<string | null> {
  const provider = await oidcProvider();
  if (!(await details(provider, uid, cookieHeader))) return null;
  const { req, res } = cookieCarrier(cookieHeader);
  return provider.interactionResult(req, res, result, { mergeWithLastSubmission: true });
}

/** Answers a consent prompt (prompt=consent) as the operator does for first-party applications. */
export async function grantConsent(
  interaction: Interaction,
  cookieHeader: string | null,
): Promise<string | null> {
  const provider = await oidcProvider();
  const found = await details(provider, interaction.uid, cookieHeader);
  if (!found?.session?.accountId) return null;
  const grant = found.grantId
    ? ((await provider.Grant.find(found.grantId)) ??
      new provider.Grant({ accountId: found.session.accountId, clientId: interaction.app.clientId }))
    : new provider.Grant({ accountId: found.session.accountId, clientId: interaction.app.clientId });
  const scope = typeof interaction.params.scope === "string" ? interaction.params.scope : "openid";
  grant.addOIDCScope(scope);
  const grantId = await grant.save();
  return finish(interaction.uid, cookieHeader, { consent: { grantId } });
}

/** Ends the interaction with an OAuth error for the application (`access_denied`, …). */
export function refuseInteraction(
  uid: string,
  cookieHeader: string | null,
  error: string,
  description: string,
): Promise<string | null> {
  return finish(uid, cookieHeader, { error, error_description: description });
}

/** Where the browser goes to sign in at `idp` for this interaction. */
export function startSignIn(interaction: Interaction, idp: SsoIdp): Promise<string> {
  return signInRedirect(idp, { returnTo: { kind: "application", interaction: interaction.uid } });
}

const hashOf = (token: string) => createHash("sha256").update(token).digest("base64url");

export type SignInOutcome =
  | { kind: "signed-in"; tenantId: string; userId: string; idpId: string; amr: string[] }
  | { kind: "refused"; description: string };

/** Parks an outcome for the browser that carried the response; returns where to send it. */
export async function handOff(uid: string, outcome: SignInOutcome): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await handoffs.upsert(
    hashOf(token),
    outcome.kind === "signed-in"
      ? { uid, accountId: accountIdOf(outcome), amr: outcome.amr }
      : { uid, error: "access_denied", errorDescription: outcome.description },
    HANDOFF_SECONDS,
  );
  return `${oidcIssuer()}${interactionPath(uid)}/finish?handoff=${encodeURIComponent(token)}`;
}

/**
 * Finishes the interaction with the parked outcome (once), for the browser that holds both the
 * interaction's cookie and the hand-off token. Returns where the provider resumes, or null when
 * either is missing, expired or used.
 */
export async function finishSignIn(
  uid: string,
  cookieHeader: string | null,
  token: string,
): Promise<string | null> {
  const interaction = await loadInteraction(uid, cookieHeader);
  if (!interaction || token.length > 100) return null;
  const parked = await handoffs.take(hashOf(token));
  if (!parked || parked.uid !== uid) return null;
  if (parked.error || !parked.accountId) {
    return refuseInteraction(
      uid,
      cookieHeader,
      parked.error ?? "access_denied",
      parked.errorDescription ?? "",
    );
  }
  const ref = parseAccountId(parked.accountId);
  // The application may have stopped admitting the tenant (or the user been disabled) meanwhile.
  if (!ref || !(await activeSubject(ref, interaction.app.clientId))) {
    return refuseInteraction(
      uid,
      cookieHeader,
      "access_denied",
      "this account cannot sign in to this application",
    );
  }
  return finish(uid, cookieHeader, {
    login: { accountId: parked.accountId, amr: parked.amr?.length ? parked.amr : undefined, remember: true },
  });
}
