/**
 * Every cookie Rollcall sets, declared once: its name (with the `__Secure-` or `__Host-` prefix
 * when Rollcall is served over https), path and lifetime; and the one way to write its attributes —
 * for `cookies().set()` in server actions and for the `Set-Cookie` header of route handlers that
 * answer with a bare Response.
 */
import { serialize } from "cookie";
import { authUrl } from "@/lib/config";

/** How long an admin's session lasts from sign-in (password or the tenant's identity provider). */
export const ADMIN_SESSION_HOURS = 12;
/** How long a provisioned user's "My account" session lasts from sign-in. */
export const USER_SESSION_HOURS = 8;
/** How long an operator's console session lasts from sign-in (shorter: an operator sees every tenant). */
export const OPERATOR_SESSION_HOURS = 8;
/** How long a browser is remembered as one that signed in to an account (sign-in throttle). */
export const KNOWN_DEVICE_DAYS = 180;

type Spec = {
  base: string;
  /** Added over https (none: the name stays the same whatever the scheme). */
  prefix: "__Secure-" | "__Host-" | null;
  path: string;
  maxAgeSeconds: number;
};

const SPECS = {
  /** next-auth's session cookie (lib/auth/options.ts gives next-auth this name). */
  adminSession: {
    base: "next-auth.session-token",
    prefix: "__Secure-",
    path: "/",
    maxAgeSeconds: ADMIN_SESSION_HOURS * 3600,
  },
  /** next-auth's remembered callback URL (only ever cleared by Rollcall). */
  authCallbackUrl: { base: "next-auth.callback-url", prefix: "__Secure-", path: "/", maxAgeSeconds: 0 },
  knownDevice: {
    base: "rollcall-device",
    prefix: null,
    path: "/api/auth",
    maxAgeSeconds: KNOWN_DEVICE_DAYS * 86_400,
  },
  userSession: {
    base: "rollcall-account",
    prefix: "__Host-",
    path: "/",
    maxAgeSeconds: USER_SESSION_HOURS * 3600,
  },
  /** The operator console's session (lib/operators/sessions.ts): a random token, kept hashed. */
  operatorSession: {
    base: "rollcall-operator",
    prefix: "__Host-",
    path: "/",
    maxAgeSeconds: OPERATOR_SESSION_HOURS * 3600,
  },
  /** A passkey ceremony's challenge, sealed, between its two requests (lib/auth/passkeys.ts). */
  passkeyChallenge: { base: "rollcall-passkey", prefix: "__Host-", path: "/", maxAgeSeconds: 300 },
  /** The known-device mark of operator sign-in: sent only to the operator sign-in page. */
  operatorKnownDevice: {
    base: "rollcall-operator-device",
    prefix: "__Secure-",
    path: "/operator/signin",
    maxAgeSeconds: KNOWN_DEVICE_DAYS * 86_400,
  },
  /**
   * Binds an OpenID Connect sign-in to the browser that started it (lib/sso/browser-binding.ts):
   * a random value, kept as long as a sign-in request (REQUEST_TTL_MS in lib/sso/store.ts).
   */
  ssoBrowser: {
    base: "rollcall-sso-browser",
    prefix: "__Host-",
    path: "/",
    maxAgeSeconds: 15 * 60,
  },
  /** The browser that started a set-up link (lib/setup-links): a random value, kept hashed. */
  setupLink: {
    base: "rollcall-setup",
    prefix: "__Host-",
    path: "/",
    maxAgeSeconds: 7 * 86_400,
  },
} satisfies Record<string, Spec>;

export type CookieKind = keyof typeof SPECS;

/** True when Rollcall is served over https: its cookies are then Secure and prefixed. */
export function servedOverHttps(): boolean {
  return authUrl().startsWith("https://");
}

export function cookieName(kind: CookieKind): string {
  const spec: Spec = SPECS[kind];
  return servedOverHttps() && spec.prefix ? `${spec.prefix}${spec.base}` : spec.base;
}

export type CookieAttributes = {
  path: string;
  maxAge: number;
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
};

/** The attributes of a cookie of this kind (`maxAge: 0` clears it). */
export function cookieAttributes(kind: CookieKind, { clear = false } = {}): CookieAttributes {
  const spec: Spec = SPECS[kind];
  return {
    path: spec.path,
    maxAge: clear ? 0 : spec.maxAgeSeconds,
    httpOnly: true,
    sameSite: "lax",
    secure: servedOverHttps(),
  };
}

/** A `Set-Cookie` header value that sets the cookie. */
export function setCookieHeader(kind: CookieKind, value: string): string {
  return serialize(cookieName(kind), value, cookieAttributes(kind));
}

/** A `Set-Cookie` header value that removes the cookie. */
export function clearCookieHeader(kind: CookieKind): string {
  return serialize(cookieName(kind), "", cookieAttributes(kind, { clear: true }));
}

/**
 * The OpenID Provider's cookies, which oidc-provider writes itself (lib/oidc/provider.ts): signed
 * with a key derived from ROLLCALL_SECRET_KEY, HttpOnly, SameSite=Lax, Secure under https. The
 * session lives USER_SESSION_HOURS like My account's; an interaction's two cookies (path
 * /interaction/<uid> and the resume path under /oidc/auth) last as long as the interaction.
 */
export const OIDC_COOKIE_NAMES = {
  session: "rollcall-oidc-session",
  interaction: "rollcall-oidc-interaction",
  resume: "rollcall-oidc-resume",
};
