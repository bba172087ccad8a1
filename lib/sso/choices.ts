/**
 * The choices of the sign-in options form, with the labels the portal shows: which value of the
 * assertion identifies the user, and which provisioned attribute it is matched to. Client-safe
 * (no server imports): the form renders them, lib/identity-providers/sso-settings.ts validates against them.
 */
export const SSO_CLAIMS = {
  nameId: "NameID (Entra default: user principal name)",
  upn: "UPN claim",
  email: "Email claim",
} as const;

export const SSO_MATCHES = { userName: "userName", email: "email address" } as const;

/** For an OpenID Connect identity provider: which ID token (or userinfo) claim identifies the user. */
export const OIDC_CLAIMS = {
  email: "email (verified email address)",
  preferred_username: "preferred_username (Entra: the UPN)",
  sub: "sub (the identity provider's subject)",
} as const;

/** What an OpenID Connect identity provider is asked for, and where its groups are, unless the admin says otherwise. */
export const DEFAULT_OIDC_SCOPES = "openid profile email";
export const DEFAULT_GROUPS_CLAIM = "groups";

export type SsoClaim = keyof typeof SSO_CLAIMS;
export type OidcClaim = keyof typeof OIDC_CLAIMS;
export type SsoMatch = keyof typeof SSO_MATCHES;

/** The keys of a choice table, as zod's enum wants them. */
export function choiceKeys<T extends Record<string, string>>(
  table: T,
): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(table) as [keyof T & string, ...(keyof T & string)[]];
}
