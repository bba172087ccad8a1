import { recordAudit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { run, UniqueViolation } from "@/lib/db/sql";
import { DomainError } from "@/lib/errors";
import { newId, newSlugId } from "@/lib/ids";
import { fieldErrors } from "@/lib/validation";
import { invalidateTokenCache } from "@/lib/provisioning/tokens";
import { hashToken } from "@/lib/security/token-hash";
import { readCertificateField, type CertificateInfo } from "@/lib/x509/certificate";
import { identityProviderSchema, type IdentityProviderInput } from "./schemas";

export type FieldErrors = Partial<Record<keyof IdentityProviderInput, string>>;

export class IdpValidationError extends Error {
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields).join("; "));
    this.name = "IdpValidationError";
  }
}

type ValidIdp = {
  displayName: string;
  type: "wsfed" | "saml";
  wsfedType: string | null;
  loginUrl: string | null;
  certificate: CertificateInfo | null;
  tokenHash: string | null | undefined;
  isDefault: boolean;
};

/** Validates the whole form at once, so every field's problem is reported together. */
export function validateIdentityProvider(
  input: IdentityProviderInput,
  { tokenOptional = false } = {},
): ValidIdp {
  const parsed = identityProviderSchema.safeParse(input);
  const fields: FieldErrors = parsed.success
    ? {}
    : fieldErrors<keyof IdentityProviderInput>(parsed.error.issues);
  const { certificate, error: certificateError } = readCertificateField(input.certificate);
  if (certificateError) fields.certificate = certificateError;
  if (!parsed.success || Object.keys(fields).length > 0) throw new IdpValidationError(fields);
  const token = parsed.data.token?.trim();
  return {
    displayName: parsed.data.displayName,
    type: parsed.data.type,
    wsfedType: parsed.data.wsfedType ?? null,
    loginUrl: parsed.data.loginUrl ?? null,
    certificate,
    tokenHash: token ? hashToken(token) : tokenOptional ? undefined : null,
    isDefault: parsed.data.isDefault,
  };
}

export function certificateColumns(c: CertificateInfo | null) {
  return {
    certificatePem: c?.pem ?? null,
    certificateSubject: c?.subject ?? null,
    certificateIssuer: c?.issuer ?? null,
    certificateSha1: c?.sha1 ?? null,
    certificateSha256: c?.sha256 ?? null,
    certificateNotBefore: c?.notBefore ?? null,
    certificateNotAfter: c?.notAfter ?? null,
  };
}

function duplicateName(error: unknown): never {
  if (error instanceof UniqueViolation) {
    throw new IdpValidationError({ displayName: "Another identity provider already has this name" });
  }
  throw error;
}

export async function createIdentityProvider(
  tenantId: string,
  actor: Actor,
  input: IdentityProviderInput,
): Promise<{ id: string }> {
  const v = validateIdentityProvider(input);
  const { sql } = await db();
  const id = newId();
  const now = new Date();
  const c = certificateColumns(v.certificate);
  await sql
    .tx(function* () {
      if (v.isDefault) {
        yield* run(`UPDATE "IdentityProvider" SET "isDefault" = ? WHERE "tenantId" = ? AND "isDefault" = ?`, [
          false,
          tenantId,
          true,
        ]);
      }
      yield* run(
        `INSERT INTO "IdentityProvider" ("tenantId", id, "displayName", type, "wsfedType", "loginUrl", "certificatePem", "certificateSubject", "certificateIssuer", "certificateSha1", "certificateSha256", "certificateNotBefore", "certificateNotAfter", "tokenHash", "isDefault", "provisioningId", "provisioningEnabled", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          tenantId,
          id,
          v.displayName,
          v.type,
          v.wsfedType,
          v.loginUrl,
          c.certificatePem,
          c.certificateSubject,
          c.certificateIssuer,
          c.certificateSha1,
          c.certificateSha256,
          c.certificateNotBefore,
          c.certificateNotAfter,
          v.tokenHash ?? null,
          v.isDefault,
          newSlugId(),
          false,
          now,
          now,
        ],
      );
    })
    .catch(duplicateName);
  await recordAudit(tenantId, actor, "identity_provider.created", v.displayName);
  return { id };
}

export async function updateIdentityProvider(
  tenantId: string,
  actor: Actor,
  id: string,
  input: IdentityProviderInput,
): Promise<void> {
  const v = validateIdentityProvider(input, { tokenOptional: true });
  const { sql } = await db();
  const c = certificateColumns(v.certificate);
  const updated = await sql
    .tx(function* () {
      if (v.isDefault) {
        yield* run(
          `UPDATE "IdentityProvider" SET "isDefault" = ? WHERE "tenantId" = ? AND "isDefault" = ? AND id <> ?`,
          [false, tenantId, true, id],
        );
      }
      const result = yield* run(
        `UPDATE "IdentityProvider" SET "displayName" = ?, type = ?, "wsfedType" = ?, "loginUrl" = ?, "certificatePem" = ?, "certificateSubject" = ?, "certificateIssuer" = ?, "certificateSha1" = ?, "certificateSha256" = ?, "certificateNotBefore" = ?, "certificateNotAfter" = ?, "tokenHash" = COALESCE(?, "tokenHash"), "isDefault" = ?, "updatedAt" = ?
         WHERE "tenantId" = ? AND id = ?`,
        [
          v.displayName,
          v.type,
          v.wsfedType,
          v.loginUrl,
          c.certificatePem,
          c.certificateSubject,
          c.certificateIssuer,
          c.certificateSha1,
          c.certificateSha256,
          c.certificateNotBefore,
          c.certificateNotAfter,
          v.tokenHash ?? null,
          v.isDefault,
          new Date(),
          tenantId,
          id,
        ],
      );
      return result.changes;
    })
    .catch(duplicateName);
  if (updated !== 1) throw new DomainError("Identity provider not found", undefined, "not_found");
  await recordAudit(tenantId, actor, "identity_provider.updated", v.displayName);
}

export async function deleteIdentityProvider(tenantId: string, actor: Actor, id: string): Promise<void> {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({ where: { tenantId, id } });
  if (!idp) throw new DomainError("Identity provider not found", undefined, "not_found");
  await prisma.identityProvider.deleteMany({ where: { tenantId, id } });
  invalidateTokenCache();
  await recordAudit(tenantId, actor, "identity_provider.deleted", idp.displayName);
}

export async function listIdentityProviders(tenantId: string) {
  const { prisma } = await db();
  return prisma.identityProvider.findMany({
    where: { tenantId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
    omit: { certificatePem: true, tokenHash: true },
  });
}

export async function getIdentityProvider(tenantId: string, id: string) {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({ where: { tenantId, id } });
  if (!idp) return null;
  const { tokenHash, ...rest } = idp;
  return { ...rest, hasToken: tokenHash !== null };
}

/** For the operator CLI: which tenant owns an identity provider. */
export async function findIdentityProviderById(id: string) {
  const { prisma } = await db();
  return prisma.identityProvider.findFirst({
    where: { id },
    omit: { tokenHash: true, certificatePem: true },
  });
}
