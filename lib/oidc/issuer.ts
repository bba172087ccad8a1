/** Where the OpenID Provider lives: its issuer, its endpoints and Rollcall's sign-in pages for it. */
import { appUrl } from "@/lib/config";
import { env } from "@/lib/env";

/** OIDC_ISSUER, or APP_URL: an origin, without a trailing slash. */
export function oidcIssuer(): string {
  return (env().OIDC_ISSUER || appUrl()).replace(/\/+$/, "");
}

/**
 * The provider's endpoints, under /oidc (served by app/oidc/[...path]); discovery is at the
 * issuer's /.well-known/openid-configuration, as OpenID Connect Discovery requires.
 */
export const OIDC_ROUTES = {
  authorization: "/oidc/auth",
  token: "/oidc/token",
  userinfo: "/oidc/userinfo",
  jwks: "/oidc/jwks",
  end_session: "/oidc/session/end",
  revocation: "/oidc/token/revocation",
} as const;

/** Rollcall's page for an interaction (which company, then its identity provider). */
export function interactionPath(uid: string): string {
  return `/interaction/${encodeURIComponent(uid)}`;
}

/** Interaction ids are oidc-provider's nanoids. */
export function isInteractionUid(value: string): boolean {
  return /^[A-Za-z0-9_-]{10,64}$/.test(value);
}
