/**
 * Which company's identity provider signs a person in for an application:
 *
 * - `organization=<tenant id>` (an authorization parameter): that tenant's default ready identity
 *   provider, as the company sign-in link does — through the "you will continue at <host>" page
 *   when Rollcall cannot vouch for its login host (lib/sso/destination.ts);
 * - `login_hint=<email>`: the identity provider of the email's domain, only when a tenant has
 *   verified that domain (an unverified or unknown domain routes nobody, as at /login);
 * - neither: Rollcall asks for the work email.
 *
 * In every case the tenant must be one the application admits.
 */
import { isTrustedDestination } from "@/lib/sso/destination";
import { findSsoIdp, idpForEmail, publicIdForTenant, type SsoIdp } from "@/lib/sso/idp";
import { allowsTenant, type ApplicationRecord } from "./applications";

export type SignInRoute =
  /** Straight to the identity provider (`trusted`), or through the page naming its host. */
  | { kind: "idp"; idp: SsoIdp; trusted: boolean }
  /** Ask for the work email; `notice` says why the hint did not route. */
  | { kind: "ask"; notice: "unknown_domain" | "not_allowed" | null; hint: string | null }
  /** The application asked for an organization that cannot sign in to it: an error for the app. */
  | { kind: "refuse"; description: string };

const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;
const TENANT_ID = /^[A-Za-z0-9-]{1,64}$/;

export type RoutingParams = { organization?: unknown; login_hint?: unknown };

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

/** The tenant an authorization request names (organization, or a login_hint at a verified domain). */
export async function requestedTenant(params: RoutingParams): Promise<string | null> {
  const organization = text(params.organization);
  if (organization) return organization;
  const hint = text(params.login_hint);
  if (hint && EMAIL.test(hint)) return (await idpForEmail(hint))?.tenantId ?? null;
  return null;
}

/** Where an email typed on Rollcall's page (or sent as login_hint) signs the person in. */
export async function routeEmail(email: string, app: ApplicationRecord): Promise<SignInRoute> {
  const idp = EMAIL.test(email) ? await idpForEmail(email) : null;
  if (!idp) return { kind: "ask", notice: "unknown_domain", hint: email };
  if (!allowsTenant(app, idp.tenantId)) return { kind: "ask", notice: "not_allowed", hint: email };
  // The person typed an address at a domain whose owner chose this identity provider.
  return { kind: "idp", idp, trusted: true };
}

export async function routeSignIn(params: RoutingParams, app: ApplicationRecord): Promise<SignInRoute> {
  const organization = text(params.organization);
  if (organization) {
    if (!TENANT_ID.test(organization) || !allowsTenant(app, organization)) {
      return { kind: "refuse", description: "this organization cannot sign in to this application" };
    }
    const publicId = await publicIdForTenant(organization);
    const idp = publicId ? await findSsoIdp(publicId) : null;
    if (!idp) return { kind: "refuse", description: "this organization has no single sign-on set up" };
    return { kind: "idp", idp, trusted: await isTrustedDestination(idp) };
  }
  const hint = text(params.login_hint);
  if (hint) return routeEmail(hint, app);
  return { kind: "ask", notice: null, hint: null };
}
