/** The identity-provider settings sign-in needs, read by the IdP's public id (the URL segment). */
import { db } from "@/lib/db";
import { toBool } from "@/lib/db/sql";
import type { SsoClaim, SsoMatch } from "./choices";

export type SsoIdp = {
  tenantId: string;
  id: string;
  publicId: string;
  displayName: string;
  type: "saml" | "wsfed";
  loginUrl: string | null;
  /** PEM; the second one is accepted during a certificate rollover. */
  certificates: string[];
  idpEntityId: string | null;
  ssoClaim: SsoClaim;
  ssoMatch: SsoMatch;
  jitProvisioning: boolean;
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
};

export async function findSsoIdp(publicId: string): Promise<SsoIdp | null> {
  if (!/^[a-z0-9]{1,64}$/.test(publicId)) return null;
  const { sql } = await db();
  const row = await sql.get<Row>(
    `SELECT "tenantId", id, "provisioningId", "displayName", type, "loginUrl", "certificatePem", "certificate2Pem", "idpEntityId", "ssoClaim", "ssoMatch", "jitProvisioning"
     FROM "IdentityProvider" WHERE "provisioningId" = ?`,
    [publicId],
  );
  if (!row) return null;
  return {
    tenantId: row.tenantId,
    id: row.id,
    publicId: row.provisioningId,
    displayName: row.displayName,
    type: row.type === "wsfed" ? "wsfed" : "saml",
    loginUrl: row.loginUrl,
    certificates: [row.certificatePem, row.certificate2Pem].filter((c): c is string => c !== null),
    idpEntityId: row.idpEntityId,
    ssoClaim: row.ssoClaim === "upn" || row.ssoClaim === "email" ? row.ssoClaim : "nameId",
    ssoMatch: row.ssoMatch === "email" ? "email" : "userName",
    jitProvisioning: toBool(row.jitProvisioning),
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
    `SELECT "provisioningId" FROM "IdentityProvider"
     WHERE "tenantId" = ? AND "loginUrl" IS NOT NULL AND "certificatePem" IS NOT NULL
     ORDER BY "isDefault" DESC, "createdAt" ASC LIMIT 1`,
    [tenantId],
  );
  return row?.provisioningId ?? null;
}
