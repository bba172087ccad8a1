import type { ReturnTarget } from "./store";

/**
 * Why a sign-in was refused. `code` picks the page the user sees; `detail` is what the admin reads
 * in the IdP's sign-in activity (never a secret, never the assertion itself).
 */
export type RefusalCode =
  | "sso_not_configured"
  | "idp_error"
  | "idp_unavailable"
  | "unsafe_xml"
  | "malformed"
  | "bad_signature"
  | "wrong_issuer"
  | "wrong_audience"
  | "wrong_recipient"
  | "expired"
  | "unknown_request"
  | "other_browser"
  | "replayed"
  | "no_identifier"
  | "not_provisioned"
  | "ambiguous"
  | "disabled";

export class SsoRefusal extends Error {
  /** Where the refused sign-in was headed, once its request is known (an application to tell). */
  returnTo: ReturnTarget | null = null;

  constructor(
    readonly code: RefusalCode,
    readonly detail: string,
    /** The user's identifier, once the assertion is verified (for the activity log). */
    readonly subject: string | null = null,
  ) {
    super(`${code}: ${detail}`);
  }

  override readonly name = "SsoRefusal";

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === "SsoRefusal";
  }
}

/** What a refused user is told, per code: plain words, no internals. */
export const REFUSAL_MESSAGES: Record<RefusalCode, { title: string; body: string }> = {
  sso_not_configured: {
    title: "Single sign-on is not set up yet",
    body: "Your company's administrator has not finished configuring this identity provider in Rollcall (it needs a login URL and a signing certificate, or for OpenID Connect an issuer, a client id and a client secret).",
  },
  idp_error: {
    title: "Your identity provider did not sign you in",
    body: "It answered with an error instead of a sign-in (for example, you may not be assigned to this application). Ask your administrator.",
  },
  idp_unavailable: {
    title: "Your identity provider could not be reached",
    body: "Rollcall could not reach your company's identity provider to complete the sign-in, or could not use its answer. Please try again; if it keeps happening, tell your administrator.",
  },
  unsafe_xml: {
    title: "The sign-in response was refused",
    body: "The response from your identity provider contained content Rollcall does not accept. Please start again from your company's sign-in page.",
  },
  malformed: {
    title: "The sign-in response could not be read",
    body: "The response from your identity provider was incomplete or not in a format Rollcall understands. Please start again.",
  },
  bad_signature: {
    title: "The sign-in response could not be verified",
    body: "Its signature does not match the identity provider's signing certificate configured in Rollcall. If your company recently changed its certificate, your administrator needs to update it.",
  },
  wrong_issuer: {
    title: "The sign-in response came from an unexpected identity provider",
    body: "Its issuer does not match the identity provider your administrator configured.",
  },
  wrong_audience: {
    title: "The sign-in response was meant for another application",
    body: "Its audience is not this Rollcall identity provider. Your administrator should check the Identifier (Entity ID) in the identity provider.",
  },
  wrong_recipient: {
    title: "The sign-in response was sent to the wrong address",
    body: "Its recipient is not this Rollcall sign-in endpoint. Your administrator should check the Reply URL in the identity provider.",
  },
  expired: {
    title: "The sign-in response has expired",
    body: "It is outside its validity window (or this computer's clock is far off). Please sign in again.",
  },
  unknown_request: {
    title: "This sign-in was not started here, or took too long",
    body: "Rollcall has no record of the sign-in request this response answers, or it has expired. Please sign in again.",
  },
  other_browser: {
    title: "Please finish signing in where you started",
    body: "For your safety, a sign-in must end in the browser that started it, and this one did not. If you did not start a sign-in, close this page. Otherwise, please sign in again here.",
  },
  replayed: {
    title: "This sign-in response was already used",
    body: "Each response can be used once. Please sign in again.",
  },
  no_identifier: {
    title: "Your identity provider did not say who you are",
    body: "The response has no value for the claim Rollcall matches users on. Your administrator should check the identity provider's claims.",
  },
  not_provisioned: {
    title: "You don't have an account here yet",
    body: "Your identity provider signed you in, but your company has not provisioned an account for you in Rollcall (or it has been removed). Ask your administrator to assign you to the application.",
  },
  ambiguous: {
    title: "Your account could not be identified",
    body: "More than one provisioned account matches your identity. Your administrator needs to make the matching attribute unique.",
  },
  disabled: {
    title: "Your account is disabled",
    body: "Your company has disabled your account in Rollcall. Ask your administrator if you think this is a mistake.",
  },
};

export function isRefusalCode(value: string): value is RefusalCode {
  return Object.hasOwn(REFUSAL_MESSAGES, value);
}
