import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run, toBool, UniqueViolation, type Dialect, type SqlValue, type Work } from "@/lib/db/sql";
import { recordEvent } from "@/lib/events/outbox";
import { AppError } from "@/lib/errors";
import { newId, newSlugId } from "@/lib/ids";
import { invalidateTokenCache } from "@/lib/provisioning/tokens";
import { hashToken } from "@/lib/security/token-hash";
import { DEFAULT_GROUPS_CLAIM, DEFAULT_OIDC_SCOPES, type OidcClaim } from "@/lib/sso/choices";
import { discover, discoveryProblem, sealClientSecret } from "@/lib/sso/oidc";
import { parseWithCertificate, type CertificateInfo } from "@/lib/x509/certificate";
import { identityProviderSchema, type IdentityProviderInput, type IdpType } from "./schemas";

type OidcInput = {
  issuer: string;
  clientId: string;
  /** Undefined on an update that keeps the stored secret. */
  clientSecret: string | undefined;
  scopes: string;
  claim: OidcClaim;
  groupsClaim: string;
};

type ValidIdp = {
  displayName: string;
  type: IdpType;
  wsfedType: string | null;
  loginUrl: string | null;
  certificate: CertificateInfo | null;
  tokenHash: string | null | undefined;
  isDefault: boolean;
  /** For type "oidc"; the login URL and certificate do not apply then (the JWKS replaces it). */
  oidc: OidcInput | null;
};

/** Validates the whole form at once, so every field's problem is reported together. */
export function validateIdentityProvider(
  input: IdentityProviderInput,
  { tokenOptional = false } = {},
): ValidIdp {
  const { data, certificate } = parseWithCertificate(identityProviderSchema, input, "certificate");
  const token = data.token?.trim();
  const oidc = data.type === "oidc";
  return {
    displayName: data.displayName,
    type: data.type,
    wsfedType: data.wsfedType ?? null,
    loginUrl: oidc ? null : (data.loginUrl ?? null),
    certificate: oidc ? null : certificate,
    tokenHash: token ? hashToken(token) : tokenOptional ? undefined : null,
    isDefault: data.isDefault,
    oidc: oidc
      ? {
          issuer: data.oidcIssuer!,
          clientId: data.oidcClientId!,
          clientSecret: data.oidcClientSecret,
          scopes: data.oidcScopes ?? DEFAULT_OIDC_SCOPES,
          claim: data.oidcClaim ?? "email",
          groupsClaim: data.oidcGroupsClaim ?? DEFAULT_GROUPS_CLAIM,
        }
      : null,
  };
}

/**
 * Fetches the issuer's discovery document (through the outbound guard), so a wrong or unreachable
 * issuer is reported on the form, not at the first sign-in. The secret is not sent to discovery.
 */
async function checkDiscovery(v: ValidIdp): Promise<void> {
  if (!v.oidc) return;
  try {
    await discover(v.oidc.issuer, v.oidc.clientId, null);
  } catch (error) {
    throw AppError.invalidFields({ oidcIssuer: discoveryProblem(error) });
  }
}

/** The OpenID Connect columns, by name (all null for another type); the secret is sealed to its row. */
function oidcColumns(tenantId: string, id: string, o: OidcInput | null): Record<string, SqlValue> {
  return {
    oidcIssuer: o?.issuer ?? null,
    oidcClientId: o?.clientId ?? null,
    oidcClientSecret: o?.clientSecret ? sealClientSecret({ tenantId, idpId: id }, o.clientSecret) : null,
    oidcScopes: o?.scopes ?? null,
    oidcClaim: o?.claim ?? null,
    oidcGroupsClaim: o?.groupsClaim ?? null,
  };
}

const SECRET_REQUIRED = { oidcClientSecret: "Enter the client secret" };

/** The signing certificate's columns, by name; every statement lists them from here. */
export function certificateColumns(c: CertificateInfo | null): Record<string, SqlValue> {
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

/** `"a" = ?, "b" = ?` and the values, for an UPDATE of the named columns. */
export function assignments(columns: Record<string, SqlValue>): { text: string; values: SqlValue[] } {
  return {
    text: Object.keys(columns)
      .map((name) => `"${name}" = ?`)
      .join(", "),
    values: Object.values(columns),
  };
}

function duplicateName(error: unknown): never {
  if (error instanceof UniqueViolation) {
    throw AppError.invalidFields({ displayName: "Another identity provider already has this name" });
  }
  throw error;
}

/** What events say about an identity provider: never its certificate's PEM or its token. */
type IdpFacts = {
  id: string;
  displayName: string;
  type: string;
  loginUrl: string | null;
  isDefault: boolean;
};

/** The audit entry and the event of a change to an identity provider, in the change's transaction. */
export function* recordIdpChange(
  dialect: Dialect,
  tenantId: string,
  actor: Actor,
  type: "identity_provider.created" | "identity_provider.updated" | "identity_provider.deleted",
  idp: IdpFacts,
): Work<void> {
  yield* audit({ tenantId, actor, action: type, target: idp.displayName });
  yield* recordEvent(dialect, { tenantId, type, idpId: idp.id, data: { identityProvider: idp } });
}

export async function createIdentityProvider(
  tenantId: string,
  actor: Actor,
  input: IdentityProviderInput,
): Promise<{ id: string }> {
  const v = validateIdentityProvider(input);
  if (v.oidc && !v.oidc.clientSecret) throw AppError.invalidFields(SECRET_REQUIRED);
  await checkDiscovery(v);
  const { sql } = await db();
  const id = newId();
  const now = new Date();
  const columns: Record<string, SqlValue> = {
    tenantId,
    id,
    displayName: v.displayName,
    type: v.type,
    wsfedType: v.wsfedType,
    loginUrl: v.loginUrl,
    ...certificateColumns(v.certificate),
    ...oidcColumns(tenantId, id, v.oidc),
    tokenHash: v.tokenHash ?? null,
    isDefault: v.isDefault,
    provisioningId: newSlugId(),
    provisioningEnabled: false,
    createdAt: now,
    updatedAt: now,
  };
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
        `INSERT INTO "IdentityProvider" (${Object.keys(columns)
          .map((c) => `"${c}"`)
          .join(", ")}) VALUES (${Object.keys(columns)
          .map(() => "?")
          .join(", ")})`,
        Object.values(columns),
      );
      yield* recordIdpChange(sql.dialect, tenantId, actor, "identity_provider.created", { id, ...facts(v) });
    })
    .catch(duplicateName);
  return { id };
}

const facts = (v: ValidIdp) => ({
  displayName: v.displayName,
  type: v.type,
  loginUrl: v.loginUrl,
  isDefault: v.isDefault,
});

export async function updateIdentityProvider(
  tenantId: string,
  actor: Actor,
  id: string,
  input: IdentityProviderInput,
): Promise<void> {
  const v = validateIdentityProvider(input, { tokenOptional: true });
  await checkDiscovery(v);
  const { sql } = await db();
  const { oidcClientSecret: newSecret, ...oidc } = oidcColumns(tenantId, id, v.oidc);
  const set = assignments({
    displayName: v.displayName,
    type: v.type,
    wsfedType: v.wsfedType,
    loginUrl: v.loginUrl,
    ...certificateColumns(v.certificate),
    ...oidc,
    isDefault: v.isDefault,
    updatedAt: new Date(),
  });
  await sql
    .tx(function* () {
      if (v.isDefault) {
        yield* run(
          `UPDATE "IdentityProvider" SET "isDefault" = ? WHERE "tenantId" = ? AND "isDefault" = ? AND id <> ?`,
          [false, tenantId, true, id],
        );
      }
      // A token or client secret left empty keeps the one stored (another type keeps no secret).
      const result = yield* run(
        `UPDATE "IdentityProvider" SET ${set.text}, "tokenHash" = COALESCE(?, "tokenHash"),
           "oidcClientSecret" = CASE WHEN ? THEN COALESCE(?, "oidcClientSecret") ELSE NULL END
         WHERE "tenantId" = ? AND id = ?`,
        [...set.values, v.tokenHash ?? null, v.oidc !== null, newSecret ?? null, tenantId, id],
      );
      if (result.changes !== 1) throw new AppError("Identity provider not found", { code: "not_found" });
      if (v.oidc) {
        const stored = yield* get<{ oidcClientSecret: string | null }>(
          `SELECT "oidcClientSecret" FROM "IdentityProvider" WHERE "tenantId" = ? AND id = ?`,
          [tenantId, id],
        );
        // Rolls the save back: an OpenID Connect identity provider cannot work without its secret.
        if (!stored?.oidcClientSecret) throw AppError.invalidFields(SECRET_REQUIRED);
      }
      yield* recordIdpChange(sql.dialect, tenantId, actor, "identity_provider.updated", { id, ...facts(v) });
    })
    .catch(duplicateName);
}

export async function deleteIdentityProvider(tenantId: string, actor: Actor, id: string): Promise<void> {
  const { sql } = await db();
  await sql.tx(function* () {
    const idp = yield* get<IdpFacts>(
      `SELECT id, "displayName", type, "loginUrl", "isDefault" FROM "IdentityProvider" WHERE "tenantId" = ? AND id = ?`,
      [tenantId, id],
    );
    if (!idp) throw new AppError("Identity provider not found", { code: "not_found" });
    yield* run(`DELETE FROM "IdentityProvider" WHERE "tenantId" = ? AND id = ?`, [tenantId, id]);
    yield* recordIdpChange(sql.dialect, tenantId, actor, "identity_provider.deleted", {
      ...idp,
      isDefault: toBool(idp.isDefault),
    });
  });
  invalidateTokenCache();
}

export async function listIdentityProviders(tenantId: string) {
  const { prisma } = await db();
  return prisma.identityProvider.findMany({
    where: { tenantId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
    omit: { certificatePem: true, tokenHash: true, oidcClientSecret: true },
  });
}

export async function getIdentityProvider(tenantId: string, id: string) {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({ where: { tenantId, id } });
  if (!idp) return null;
  // The client secret is never read back out: only whether one is stored.
  const { tokenHash, oidcClientSecret, ...rest } = idp;
  return { ...rest, hasToken: tokenHash !== null, hasClientSecret: oidcClientSecret !== null };
}

/** For the operator CLI: which tenant owns an identity provider. */
export async function findIdentityProviderById(id: string) {
  const { prisma } = await db();
  return prisma.identityProvider.findFirst({
    where: { id },
    omit: { tokenHash: true, certificatePem: true, oidcClientSecret: true },
  });
}
