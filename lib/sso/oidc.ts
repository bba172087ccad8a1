/**
 * OpenID Connect identity providers (decision 0016): Rollcall as a relying party of the company's
 * issuer (Entra ID, Okta, Google Workspace, any OpenID Provider), through openid-client — the
 * authorization code flow with PKCE (S256), `state` and `nonce` kept with the request in
 * SsoRequest (one use, any instance), the code redeemed with the client secret (client_secret_basic).
 *
 * The ID token is validated by openid-client: `iss` against the discovered issuer, `aud` (and
 * `azp`) against our client id, `exp`/`iat` with SSO_CLOCK_SKEW_SECONDS of tolerance, `nonce`
 * against the request's; its signature (non-repudiation checks on) against the issuer's JWKS, cached
 * 5 minutes per discovered issuer and fetched again for a key id it does not hold (at most once a
 * minute), so a key the issuer rotated in is picked up. Only asymmetric algorithms verify: `none`
 * and HS256 (a MAC under our client secret, which proves nothing to anyone else holding it) are
 * refused. Every call to the issuer goes through lib/sso/outbound.ts (public addresses only).
 */
import { createHash } from "node:crypto";
import * as client from "openid-client";
import { seal, unseal } from "@/lib/security/encryption";
import { boundClaimGroups, type Identity } from "./assertion";
import { boundNonce, isBoundTo } from "./browser-binding";
import { CLOCK_SKEW_MS } from "./clock";
import { SsoRefusal, type RefusalCode } from "./errors";
import type { OidcSettings, SsoIdp } from "./idp";
import { spUrls } from "./metadata";
import { IdpAddressRefused, idpFetch } from "./outbound";
import {
  consumeRequest,
  saveRequest,
  type IdpKey,
  type OidcChecks,
  type ReturnTarget,
  type SignInStart,
} from "./store";

/** Discovery is fetched again after this long (the JWKS has its own, shorter cache). */
const DISCOVERY_TTL_MS = 60 * 60_000;

const SECRET_PURPOSE = "oidc idp client secrets";

/** The sealed client secret, bound to its identity provider's row. */
export function sealClientSecret(key: IdpKey, secret: string): string {
  return seal(secret, SECRET_PURPOSE, `${key.tenantId}/${key.idpId}`);
}

function clientSecretOf(idp: SsoIdp, settings: OidcSettings): string {
  try {
    return unseal(settings.sealedClientSecret, SECRET_PURPOSE, `${idp.tenantId}/${idp.id}`);
  } catch {
    throw new SsoRefusal(
      "sso_not_configured",
      "the client secret cannot be read (ROLLCALL_SECRET_KEY changed?): enter it again",
    );
  }
}

/**
 * Discovers `issuer` and makes the client; throws openid-client's or the outbound guard's error.
 * Without a secret (checking an issuer before saving), the client can discover but not redeem.
 */
export async function discover(issuer: string, clientId: string, clientSecret: string | null) {
  const server = new URL(issuer);
  const execute = [client.enableNonRepudiationChecks];
  // http:// is accepted only for an issuer on this machine (the form's rule, for development and tests).
  if (server.protocol === "http:") execute.unshift(client.allowInsecureRequests);
  return client.discovery(
    server,
    clientId,
    { [client.clockTolerance]: Math.round(CLOCK_SKEW_MS / 1000) },
    clientSecret === null ? client.None() : client.ClientSecretBasic(clientSecret),
    { [client.customFetch]: idpFetch, execute, timeout: 10 },
  );
}

/** An error and the errors that caused it, outermost first (openid-client wraps what fetch or the guard threw). */
function* chain(error: unknown): Generator<Error> {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    yield e;
    e = e.cause;
  }
}

/** The innermost error's message (the library's outer ones say "something went wrong"). */
function innermostMessage(error: unknown): string {
  return [...chain(error)].at(-1)?.message ?? String(error);
}

/** Why discovery failed, in words for the admin's form (never a secret: the secret is not sent). */
export function discoveryProblem(error: unknown): string {
  const refused = [...chain(error)].find((e) => e instanceof IdpAddressRefused);
  if (refused instanceof IdpAddressRefused) return refused.message;
  const message = [...chain(error)].map((e) => e.message).join(" / ");
  if (/issuer does not match/i.test(message)) {
    return "The discovery document names another issuer: enter the issuer URL exactly as the identity provider publishes it.";
  }
  if (/timed out|abort/i.test(message)) return "The identity provider did not answer within 10 seconds.";
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return "This host does not resolve to an address.";
  // openid-client keeps the answer that was not a discovery document as the error's cause.
  const answer = error instanceof Error ? error.cause : undefined;
  if (answer instanceof Response) {
    return `The issuer answered HTTP ${answer.status} for /.well-known/openid-configuration instead of a discovery document: check the issuer URL.`;
  }
  return `Rollcall could not read the identity provider's discovery document (/.well-known/openid-configuration): ${innermostMessage(error).slice(0, 200)}`;
}

type Cached = { fingerprint: string; config: Promise<client.Configuration>; expiresAt: number };
const cache = globalThis as typeof globalThis & { __rollcallOidcIdps?: Map<string, Cached> };

/**
 * The identity provider's client, discovered once an hour per instance. Keeping the same
 * Configuration keeps its JWKS cache; a change of issuer, client id or secret starts afresh.
 */
async function configurationOf(idp: SsoIdp, settings: OidcSettings): Promise<client.Configuration> {
  const configs = (cache.__rollcallOidcIdps ??= new Map());
  const key = `${idp.tenantId}/${idp.id}`;
  const fingerprint = createHash("sha256")
    .update(`${settings.issuer}\0${settings.clientId}\0${settings.sealedClientSecret}`)
    .digest("base64url");
  const found = configs.get(key);
  if (found && found.fingerprint === fingerprint && found.expiresAt > Date.now()) return found.config;
  const config = discover(settings.issuer, settings.clientId, clientSecretOf(idp, settings));
  configs.set(key, { fingerprint, config, expiresAt: Date.now() + DISCOVERY_TTL_MS });
  try {
    return await config;
  } catch (error) {
    // A failure is not kept: the next sign-in discovers again.
    if (configs.get(key)?.config === config) configs.delete(key);
    throw new SsoRefusal("idp_unavailable", discoveryProblem(error));
  }
}

function settingsOf(idp: SsoIdp): OidcSettings {
  if (!idp.oidc) {
    throw new SsoRefusal("sso_not_configured", "the identity provider has no issuer, client id or secret");
  }
  return idp.oidc;
}

/**
 * The issuer's authorization URL for a new request (state, nonce and PKCE verifier saved with it):
 * for an application (`returnTo`), or for a Rollcall session bound to the browser holding `binding`
 * (lib/sso/browser-binding.ts: the nonce is derived from it).
 */
export async function oidcSignInUrl(idp: SsoIdp, start: SignInStart): Promise<string> {
  const settings = settingsOf(idp);
  const config = await configurationOf(idp, settings);
  const state = client.randomState();
  const nonce = "binding" in start ? boundNonce(start.binding, state) : client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await saveRequest({ tenantId: idp.tenantId, idpId: idp.id }, state, {
    returnTo: "returnTo" in start ? start.returnTo : null,
    oidc: { nonce, codeVerifier },
  });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: spUrls(idp.publicId).redirectUri,
    scope: settings.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  }).href;
}

/** RFC 8176's registered authentication method references: the values passed on as `amr`. */
const AMR_VALUES = new Set([
  "face",
  "fpt",
  "geo",
  "hwk",
  "iris",
  "kba",
  "mca",
  "mfa",
  "otp",
  "pin",
  "pop",
  "pwd",
  "rba",
  "retina",
  "sc",
  "sms",
  "swk",
  "tel",
  "user",
  "vbm",
  "wia",
]);

export type OidcFacts = {
  identity: Identity;
  /** The configured claim's value (email, preferred_username or sub). */
  subject: string | null;
  groups: string[];
  amr: string[];
};

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

/** The request a callback answers: its state, where it goes next and the checks of its answer. */
export type OidcRequest = { state: string; returnTo: ReturnTarget | null; checks: OidcChecks };

/**
 * The request a callback answers, consumed (one use); the refusal when it is unknown or used, or
 * when it was for a Rollcall session and `binding` (this browser's, null: none) did not start it.
 */
export async function consumeCallbackRequest(
  idp: SsoIdp,
  callback: URL,
  binding: string | null,
): Promise<OidcRequest> {
  const state = callback.searchParams.get("state");
  if (!state) throw new SsoRefusal("malformed", "the callback carries no state");
  const request = await consumeRequest({ tenantId: idp.tenantId, idpId: idp.id }, state.slice(0, 200));
  if (!request?.oidc) {
    throw new SsoRefusal("unknown_request", `state ${state.slice(0, 80)} is unknown, expired or used`);
  }
  if (!request.returnTo && !isBoundTo(binding, state, request.oidc.nonce)) {
    throw new SsoRefusal(
      "other_browser",
      binding
        ? "the callback reached a browser that did not start this sign-in"
        : "the callback reached a browser without the sign-in's cookie",
    );
  }
  return { state, returnTo: request.returnTo, checks: request.oidc };
}

/**
 * Redeems the callback's code and validates the ID token (see the module comment); reads userinfo
 * only when the ID token lacks the identifying or the groups claim. The request was consumed by
 * the caller (consumeCallbackRequest), so each callback is tried once.
 */
export async function verifyOidcCallback(
  idp: SsoIdp,
  callback: URL,
  request: OidcRequest,
): Promise<OidcFacts> {
  const settings = settingsOf(idp);
  const error = callback.searchParams.get("error");
  if (error) {
    const description = callback.searchParams.get("error_description");
    throw new SsoRefusal(
      "idp_error",
      `the identity provider answered ${error.slice(0, 60)}${description ? `: ${description.slice(0, 200)}` : ""}`,
    );
  }
  const config = await configurationOf(idp, settings);
  // The redirect URI is ours as registered, whatever host the request reached this instance by.
  const current = new URL(spUrls(idp.publicId).redirectUri);
  current.search = callback.search;
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: request.checks.codeVerifier,
      expectedNonce: request.checks.nonce,
      expectedState: request.state,
      idTokenExpected: true,
    });
    claims = { ...tokens.claims() };
    const missing = [settings.claim, settings.groupsClaim].some((name) => claims[name] === undefined);
    if (missing && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      // The ID token's claims win: userinfo only fills in what it lacks.
      claims = { ...info, ...claims };
    }
  } catch (problem) {
    throw refusalOf(problem);
  }
  if (settings.claim === "email" && claims.email_verified === false) {
    throw new SsoRefusal("no_identifier", "the email claim is not verified (email_verified is false)");
  }
  const groups = claims[settings.groupsClaim];
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  return {
    identity: {
      nameId: text(claims.sub),
      upn: text(claims.upn) ?? text(claims.preferred_username),
      email: text(claims.email),
      givenName: text(claims.given_name),
      familyName: text(claims.family_name),
      displayName: text(claims.name),
    },
    subject: text(claims[settings.claim]),
    groups: boundClaimGroups(Array.isArray(groups) ? groups : [groups]),
    amr: [...new Set(amr.filter((v): v is string => typeof v === "string" && AMR_VALUES.has(v)))].sort(),
  };
}

/** openid-client's error as a refusal: what failed, in the words the admin reads in the activity. */
function refusalOf(error: unknown): SsoRefusal {
  if (error instanceof SsoRefusal) return error;
  if (error instanceof client.ResponseBodyError) {
    return new SsoRefusal("idp_error", `the token endpoint answered ${error.error} (HTTP ${error.status})`);
  }
  if (error instanceof client.AuthorizationResponseError) {
    return new SsoRefusal("idp_error", `the identity provider answered ${error.error}`);
  }
  const detail = innermostMessage(error).slice(0, 300);
  const code = (error as { code?: unknown }).code;
  const which = (): RefusalCode => {
    if ([...chain(error)].some((e) => e instanceof IdpAddressRefused)) return "idp_unavailable";
    if (code === "OAUTH_TIMEOUT" || /fetch failed|ECONN|ENOTFOUND|timed out/i.test(detail)) {
      return "idp_unavailable";
    }
    if (code === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED") return "expired";
    if (/signature|"alg"|JWS|verification key/i.test(detail) || code === "OAUTH_UNSUPPORTED_OPERATION") {
      return "bad_signature";
    }
    if (/"iss"|issuer/i.test(detail)) return "wrong_issuer";
    if (/"aud"|"azp"|audience/i.test(detail)) return "wrong_audience";
    if (/nonce|state/i.test(detail)) return "unknown_request";
    return "malformed";
  };
  return new SsoRefusal(which(), `ID token refused: ${detail}`);
}
