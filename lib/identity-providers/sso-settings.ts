/** An admin's single sign-on settings for one identity provider, and federation metadata import. */
import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { all, get, run, UniqueViolation } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import {
  expiryStatus,
  parseCertificate,
  parseWithCertificate,
  type CertificateInfo,
  type ExpiryStatus,
} from "@/lib/x509/certificate";
import { loginUrlSchema } from "./schemas";
import { assignments, certificateColumns } from "./service";
import { choiceKeys, SSO_CLAIMS, SSO_MATCHES } from "@/lib/sso/choices";
import { newVerificationToken } from "@/lib/sso/domains";
import { parseFederationMetadata } from "@/lib/sso/metadata";

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const ssoSettingsSchema = z.object({
  idpEntityId: z.string().trim().max(1024, "The entity ID is too long"),
  ssoClaim: z.enum(choiceKeys(SSO_CLAIMS)),
  ssoMatch: z.enum(choiceKeys(SSO_MATCHES)),
  jitProvisioning: z.boolean(),
  emailDomains: z
    .string()
    .max(4000, "Too many domains")
    .transform((v) => [
      ...new Set(
        v
          .toLowerCase()
          .split(/[\s,;]+/)
          .filter(Boolean),
      ),
    ])
    .refine((list) => list.length <= 20, "Use at most 20 domains")
    .refine(
      (list) => list.every((d) => DOMAIN.test(d)),
      "Enter domains like contoso.com, separated by commas",
    ),
  secondCertificate: z.string().max(65_536, "The certificate is too large"),
});

export type SsoSettingsInput = z.input<typeof ssoSettingsSchema>;

export async function ssoDomains(tenantId: string, idpId: string): Promise<string[]> {
  const { sql } = await db();
  const rows = await sql.all<{ domain: string }>(
    `SELECT domain FROM "SsoDomain" WHERE "tenantId" = ? AND "idpId" = ? ORDER BY domain`,
    [tenantId, idpId],
  );
  return rows.map((r) => r.domain);
}

/**
 * Saves the sign-in options. The email domains are this tenant's claims: a domain new to the list
 * becomes a pending claim with its own verification token (whatever other tenants claim — nothing
 * here depends on, or tells of, their claims); a domain still listed keeps its token and state; a
 * domain left out is no longer claimed. A domain is claimed by one identity provider per tenant.
 */
export async function updateSsoSettings(
  tenantId: string,
  actor: Actor,
  idpId: string,
  input: SsoSettingsInput,
) {
  const { data: v, certificate: second } = parseWithCertificate(
    ssoSettingsSchema,
    input,
    "secondCertificate",
  );
  const { sql } = await db();
  const now = new Date();
  const outcome = await sql
    .tx(function* () {
      const result = yield* run(
        `UPDATE "IdentityProvider" SET "idpEntityId" = ?, "ssoClaim" = ?, "ssoMatch" = ?, "jitProvisioning" = ?, "certificate2Pem" = ?, "certificate2Sha256" = ?, "certificate2NotAfter" = ?, "updatedAt" = ?
         WHERE "tenantId" = ? AND id = ?`,
        [
          v.idpEntityId || null,
          v.ssoClaim,
          v.ssoMatch,
          v.jitProvisioning,
          second?.pem ?? null,
          second?.sha256 ?? null,
          second?.notAfter ?? null,
          now,
          tenantId,
          idpId,
        ],
      );
      if (result.changes !== 1) return { kind: "not_found" as const };
      const claimed = yield* all<{ domain: string; idpId: string; displayName: string }>(
        `SELECT d.domain, d."idpId", i."displayName" FROM "SsoDomain" d
         JOIN "IdentityProvider" i ON i."tenantId" = d."tenantId" AND i.id = d."idpId"
         WHERE d."tenantId" = ?`,
        [tenantId],
      );
      const taken = claimed.find((c) => c.idpId !== idpId && v.emailDomains.includes(c.domain));
      if (taken) {
        // Rolls the whole save back: the admin fixes the list and saves again.
        throw AppError.invalidFields({
          emailDomains: `${taken.domain} is already an email domain of your identity provider “${taken.displayName}”. Remove it there first.`,
        });
      }
      const mine = new Set(claimed.filter((c) => c.idpId === idpId).map((c) => c.domain));
      const wanted = new Set(v.emailDomains);
      const added = v.emailDomains.filter((d) => !mine.has(d));
      const removed = [...mine].filter((d) => !wanted.has(d));
      for (const d of removed) {
        yield* run(`DELETE FROM "SsoDomain" WHERE "tenantId" = ? AND "idpId" = ? AND domain = ?`, [
          tenantId,
          idpId,
          d,
        ]);
      }
      for (const d of added) {
        yield* run(
          `INSERT INTO "SsoDomain" ("tenantId", domain, "idpId", token, "createdAt") VALUES (?, ?, ?, ?, ?)`,
          [tenantId, d, idpId, newVerificationToken(), now],
        );
      }
      const changes = [
        added.length > 0 ? `domains added: ${added.join(", ")}` : "",
        removed.length > 0 ? `domains removed: ${removed.join(", ")}` : "",
      ].filter(Boolean);
      const named = yield* get<{ displayName: string }>(
        `SELECT "displayName" FROM "IdentityProvider" WHERE "tenantId" = ? AND id = ?`,
        [tenantId, idpId],
      );
      yield* audit({
        tenantId,
        actor,
        action: "identity_provider.sso_updated",
        target: named?.displayName ?? idpId,
        detail: changes.join("; ") || null,
      });
      return { kind: "saved" as const };
    })
    .catch((error: unknown) => {
      // Another save of this tenant claimed the same domain for another identity provider meanwhile.
      if (error instanceof UniqueViolation) {
        throw AppError.invalidFields({
          emailDomains: "One of these domains was just added to another of your identity providers",
        });
      }
      throw error;
    });
  if (outcome.kind === "not_found") throw new AppError("Identity provider not found", { code: "not_found" });
}

export type MetadataImport = { entityId: string; loginUrl: string; certificates: CertificateInfo[] };

/** Reads federation metadata for an IdP of `type` without saving (for the admin's preview). */
export function readFederationMetadata(xml: string, type: "saml" | "wsfed"): MetadataImport {
  try {
    return readMetadata(xml, type);
  } catch (error) {
    // Every reason it cannot be used (its XML, its URL, a certificate) is about the metadata.
    if (error instanceof Error) throw new AppError(error.message, { field: "metadata" });
    throw error;
  }
}

function readMetadata(xml: string, type: "saml" | "wsfed"): MetadataImport {
  const meta = parseFederationMetadata(xml);
  const loginUrl = type === "saml" ? meta.samlLoginUrl : meta.wsfedLoginUrl;
  if (!loginUrl) {
    throw new Error(
      type === "saml"
        ? "The metadata has no SAML 2.0 HTTP-Redirect sign-on URL"
        : "The metadata has no WS-Federation passive requestor endpoint",
    );
  }
  const url = loginUrlSchema.safeParse(loginUrl);
  if (!url.success)
    throw new Error(`The sign-on URL in the metadata is not usable: ${url.error.issues[0]?.message}`);
  const certificates = meta.certificates.slice(0, 2).map((pem) => parseCertificate(pem));
  return { entityId: meta.entityId, loginUrl: url.data, certificates };
}

/** Applies federation metadata: login URL, IdP entity ID and up to two signing certificates. */
export async function importFederationMetadata(tenantId: string, actor: Actor, idpId: string, xml: string) {
  const { prisma, sql } = await db();
  const idp = await prisma.identityProvider.findFirst({
    where: { tenantId, id: idpId },
    select: { type: true, displayName: true },
  });
  if (!idp) throw new AppError("Identity provider not found", { code: "not_found" });
  const meta = readFederationMetadata(xml, idp.type === "wsfed" ? "wsfed" : "saml");
  const [first, second] = meta.certificates;
  const set = assignments({
    loginUrl: meta.loginUrl,
    idpEntityId: meta.entityId,
    ...certificateColumns(first ?? null),
    certificate2Pem: second?.pem ?? null,
    certificate2Sha256: second?.sha256 ?? null,
    certificate2NotAfter: second?.notAfter ?? null,
    updatedAt: new Date(),
  });
  await sql.tx(function* () {
    yield* run(`UPDATE "IdentityProvider" SET ${set.text} WHERE "tenantId" = ? AND id = ?`, [
      ...set.values,
      tenantId,
      idpId,
    ]);
    yield* audit({
      tenantId,
      actor,
      action: "identity_provider.metadata_imported",
      target: idp.displayName,
      detail: meta.entityId,
    });
  });
  return meta;
}

export type MetadataPreviewData = {
  entityId: string;
  loginUrl: string;
  certificates: ({ subject: string; sha1: string; notAfter: string } & ExpiryStatus)[];
};

/**
 * Pasted federation metadata as the portal previews it — each certificate with its expiry status
 * (expired, or expiring within 30 days) — and, with `apply`, saved to the identity provider.
 */
export async function federationMetadataPreview(
  tenantId: string,
  actor: Actor,
  idpId: string,
  xml: string,
  apply: boolean,
): Promise<MetadataPreviewData> {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({
    where: { tenantId, id: idpId },
    select: { type: true },
  });
  if (!idp) throw new AppError("Identity provider not found", { code: "not_found" });
  const meta = apply
    ? await importFederationMetadata(tenantId, actor, idpId, xml)
    : readFederationMetadata(xml, idp.type === "wsfed" ? "wsfed" : "saml");
  return {
    entityId: meta.entityId,
    loginUrl: meta.loginUrl,
    certificates: meta.certificates.map((c) => ({
      subject: c.subject,
      sha1: c.sha1,
      notAfter: c.notAfter.toISOString().slice(0, 10),
      ...expiryStatus(c.notBefore, c.notAfter),
    })),
  };
}
