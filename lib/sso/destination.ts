/**
 * Where a sign-in link sends people, and whether Rollcall may send them there without asking.
 *
 * A tenant's login URL is any https URL its admin typed, and anyone can open a tenant: a link on
 * Rollcall's host that redirected there at once would be an open redirect for phishing. So a
 * company sign-in link, or an IdP's Sign on URL, redirects straight through only to a host
 * Rollcall can vouch for:
 * - a vendor's own sign-in host, where every tenant's page is the vendor's (Microsoft Entra ID,
 *   Google) — not per-customer subdomains such as `*.okta.com`, where anyone can open an org and
 *   brand its page;
 * - the tenant's own verified email domains and their subdomains (`sso.contoso.com`);
 * - hosts the operator lists in SSO_TRUSTED_LOGIN_HOSTS (`idp.example.org`, `*.okta.com`).
 * Anything else gets a page that names the host and asks the person to continue.
 */
import { db } from "@/lib/db";
import { verifiedDomainsOf } from "./domains";
import { findSsoIdp, publicIdForTenant, signInDestination, type SsoIdp } from "./idp";
import { env } from "@/lib/env";

export const WELL_KNOWN_LOGIN_HOSTS = [
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.partner.microsoftonline.cn",
  "login.windows.net",
  "accounts.google.com",
] as const;

function matches(host: string, pattern: string): boolean {
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

/** Whether the operator trusts `hostname` for sign-in (SSO_TRUSTED_LOGIN_HOSTS: names, `*.` for any subdomain). */
export function operatorTrustsHost(
  hostname: string,
  operatorHosts: readonly string[] = env().SSO_TRUSTED_LOGIN_HOSTS,
): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return operatorHosts.some((p) => matches(host, p));
}

/** True when Rollcall may redirect to `hostname` without asking (see the module comment). */
export function isTrustedLoginHost(
  hostname: string,
  verifiedDomains: readonly string[],
  /** SSO_TRUSTED_LOGIN_HOSTS: host names, `*.` for any subdomain. */
  operatorHosts: readonly string[] = env().SSO_TRUSTED_LOGIN_HOSTS,
): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return (
    (WELL_KNOWN_LOGIN_HOSTS as readonly string[]).includes(host) ||
    operatorTrustsHost(host, operatorHosts) ||
    verifiedDomains.some((d) => host === d || host.endsWith(`.${d}`))
  );
}

export type SignInEntry = {
  publicId: string;
  companyName: string;
  /** The host (with port, if any) people continue at. */
  host: string;
  trusted: boolean;
};

async function entryFor(idp: SsoIdp | null): Promise<SignInEntry | null> {
  const destination = idp ? signInDestination(idp) : null;
  if (!idp || !destination || !URL.canParse(destination)) return null;
  const url = new URL(destination);
  const { sql } = await db();
  const tenant = await sql.get<{ name: string }>(`SELECT name FROM "Tenant" WHERE id = ?`, [idp.tenantId]);
  return {
    publicId: idp.publicId,
    companyName: tenant?.name ?? "",
    host: url.host,
    trusted: isTrustedLoginHost(url.hostname, await verifiedDomainsOf(idp.tenantId)),
  };
}

/** The sign-in entry of an identity provider by its public id (null when it has no login URL). */
export async function signInEntryForIdp(publicId: string): Promise<SignInEntry | null> {
  return entryFor(await findSsoIdp(publicId));
}

/** The company sign-in link's entry: the tenant's default ready identity provider. */
export async function signInEntryForTenant(tenantId: string): Promise<SignInEntry | null> {
  const publicId = await publicIdForTenant(tenantId);
  return publicId ? signInEntryForIdp(publicId) : null;
}

/** Whether the identity provider's login URL (an OIDC issuer's URL) may be redirected to without asking. */
export async function isTrustedDestination(idp: SsoIdp): Promise<boolean> {
  const destination = signInDestination(idp);
  if (!destination || !URL.canParse(destination)) return false;
  return isTrustedLoginHost(new URL(destination).hostname, await verifiedDomainsOf(idp.tenantId));
}
