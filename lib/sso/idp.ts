/** The identity-provider settings sign-in needs, read by the IdP's public id (the URL segment). */
import { db } from "@/lib/db";
import { toBool } from "@/lib/db/sql";
import {
  DEFAULT_GROUPS_CLAIM,
  DEFAULT_OIDC_SCOPES,
  type OidcClaim,
  type SsoClaim,
  type SsoMatch,
} from "./choices";

/** An OpenID Connect identity provider's settings (decision 0016). */
export type OidcSettings = {
  issuer: string;
  clientId: string;
  /** Sealed (lib/security/encryption.ts); opened only to call the token endpoint. */
  sealedClientSecret: string;
  scopes: string;
  claim: OidcClaim;
  groupsClaim: string;
};

export type SsoIdp = {
  tenantId: string;
  id: string;
  publicId: string;
  displayName: string;
  type: "saml" | "wsfed" | "oidc";
  loginUrl: string | null;
  /** PEM; the second one is accepted during a certificate rollover. */
  certificates: string[];
  idpEntityId: string | null;
  ssoClaim: SsoClaim;
  ssoMatch: SsoMatch;
  jitProvisioning: boolean;
  /** Set for type "oidc" once the issuer, client id and secret are; null otherwise. */
  oidc: OidcSettings | null;
};

type Row = {
  tenantId: string;
  id: string;
  provisioningId: string;
  displayName: string;
  type: string;
  loginUrl: string | null;
  certificatePem: string | null;
  certificate2Pem: string | null;
  idpEntityId: string | null;
  ssoClaim: string;
  ssoMatch: string;
  jitProvisioning: unknown;
  oidcIssuer: string | null;
  oidcClientId: string | null;
  oidcClientSecret: string | null;
  oidcScopes: string | null;
  oidcClaim: string | null;
  oidcGroupsClaim: string | null;
};

function oidcOf(row: Row): OidcSettings | null {
  if (row.type !== "oidc" || !row.oidcIssuer || !row.oidcClientId || !row.oidcClientSecret) return null;
  return {
    issuer: row.oidcIssuer,
    clientId: row.oidcClientId,
    sealedClientSecret: row.oidcClientSecret,
    scopes: row.oidcScopes || DEFAULT_OIDC_SCOPES,
    claim: row.oidcClaim === "preferred_username" || row.oidcClaim === "sub" ? row.oidcClaim : "email",
    groupsClaim: row.oidcGroupsClaim || DEFAULT_GROUPS_CLAIM,
  };
}

/** Whether sign-in can start: an OpenID Connect client, or a login URL and a signing certificate. */
export function isSsoReady(idp: SsoIdp): boolean {
  return idp.type === "oidc" ? idp.oidc !== null : !!idp.loginUrl && idp.certificates.length > 0;
}

/** The URL people are sent to for sign-in, for naming and vouching for its host: the issuer's for OIDC. */
export function signInDestination(idp: SsoIdp): string | null {
  return idp.type === "oidc" ? (idp.oidc?.issuer ?? null) : idp.loginUrl;
}

/** SQL: the identity provider (alias i) is ready for sign-in, as isSsoReady says. */
export const SSO_READY_SQL = `((i.type = 'oidc' AND i."oidcIssuer" IS NOT NULL AND i."oidcClientId" IS NOT NULL AND i."oidcClientSecret" IS NOT NULL)
  OR (i.type <> 'oidc' AND i."loginUrl" IS NOT NULL AND i."certificatePem" IS NOT NULL))`;

export async function findSsoIdp(publicId: string): Promise<SsoIdp | null> {
  if (!/^[a-z0-9]{1,64}$/.test(publicId)) return null;
  const { sql } = await db();
  const row = await sql.get<Row>(
    `SELECT "tenantId", id, "provisioningId", "displayName", type, "loginUrl", "certificatePem", "certificate2Pem", "idpEntityId", "ssoClaim", "ssoMatch", "jitProvisioning",
       "oidcIssuer", "oidcClientId", "oidcClientSecret", "oidcScopes", "oidcClaim", "oidcGroupsClaim"
     FROM "IdentityProvider" WHERE "provisioningId" = ?`,
    [publicId],
  );
  if (!row) return null;
  return {
    tenantId: row.tenantId,
    id: row.id,
    publicId: row.provisioningId,
    displayName: row.displayName,
    type: row.type === "wsfed" || row.type === "oidc" ? row.type : "saml",
    loginUrl: row.loginUrl,
    certificates: [row.certificatePem, row.certificate2Pem].filter((c): c is string => c !== null),
    idpEntityId: row.idpEntityId,
    ssoClaim: row.ssoClaim === "upn" || row.ssoClaim === "email" ? row.ssoClaim : "nameId",
    ssoMatch: row.ssoMatch === "email" ? "email" : "userName",
    jitProvisioning: toBool(row.jitProvisioning),
    oidc: oidcOf(row),
  };
}

/**
 * The identity provider an email address's domain routes to: only a domain its tenant has
 * verified (an unverified claim, whoever made it, routes nobody).
 */
export async function idpForEmail(email: string): Promise<SsoIdp | null> {
  const domain = email.trim().toLowerCase().split("@")[1];
  if (!domain) return null;
  const { sql } = await db();
  const row = await sql.get<{ provisioningId: string }>(
    `SELECT i."provisioningId" FROM "SsoDomain" d JOIN "IdentityProvider" i ON i."tenantId" = d."tenantId" AND i.id = d."idpId"
     WHERE d."verifiedDomain" = ?`,
    [domain],
  );
  return row ? findSsoIdp(row.provisioningId) : null;
}

/** The public id of the tenant's sign-in IdP: the default one if it is ready, else the oldest ready one. */
export async function publicIdForTenant(tenantId: string): Promise<string | null> {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(tenantId)) return null;
  const { sql } = await db();
  const row = await sql.get<{ provisioningId: string }>(
    `SELECT i."provisioningId" FROM "IdentityProvider" i
     WHERE i."tenantId" = ? AND ${SSO_READY_SQL}
     ORDER BY i."isDefault" DESC, i."createdAt" ASC LIMIT 1`,
    [tenantId],
  );
  return row?.provisioningId ?? null;
}
