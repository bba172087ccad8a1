import { recordAudit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run } from "@/lib/db/sql";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashToken } from "@/lib/security/token-hash";
import { scimBaseUrl } from "./scim-endpoint";
import { generateToken, invalidateTokenCache, tokenHint } from "./tokens";

/** At most two tokens are active at once, so a rotation in Entra causes no outage. */
export const MAX_ACTIVE_TOKENS = 2;

export function tenantUrl(provisioningId: string): string {
  return `${scimBaseUrl()}/${provisioningId}`;
}

export type IssuedToken = { tenantUrl: string; token: string; tokenId: string };

async function requireIdp(tenantId: string, idpId: string) {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({
    where: { tenantId, id: idpId },
    select: { id: true, displayName: true, provisioningId: true, provisioningEnabled: true },
  });
  if (!idp) throw new DomainError("Identity provider not found", undefined, "not_found");
  return idp;
}

async function issue(
  tenantId: string,
  idpId: string,
  { enable }: { enable: boolean },
): Promise<{ token: string; tokenId: string }> {
  const { sql } = await db();
  const token = generateToken();
  const tokenId = newId();
  const now = new Date();
  const ok = await sql.tx(function* () {
    if (enable) {
      yield* run(
        `UPDATE "IdentityProvider" SET "provisioningEnabled" = ?, "updatedAt" = ? WHERE "tenantId" = ? AND id = ?`,
        [true, now, tenantId, idpId],
      );
    }
    const active = yield* get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM "ProvisioningToken" WHERE "tenantId" = ? AND "idpId" = ? AND "revokedAt" IS NULL`,
      [tenantId, idpId],
    );
    if (Number(active?.n ?? 0) >= MAX_ACTIVE_TOKENS) return false;
    yield* run(
      `INSERT INTO "ProvisioningToken" ("tenantId", id, "idpId", "tokenHash", hint, "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
      [tenantId, tokenId, idpId, hashToken(token), tokenHint(token), now],
    );
    return true;
  });
  if (!ok) {
    throw new DomainError(
      `At most ${MAX_ACTIVE_TOKENS} tokens can be active at once: revoke the old one first`,
      undefined,
      "conflict",
    );
  }
  invalidateTokenCache();
  return { token, tokenId };
}

/** Turns provisioning on and issues the first secret token (shown to the admin once). */
export async function enableProvisioning(
  tenantId: string,
  actor: Actor,
  idpId: string,
): Promise<IssuedToken> {
  const idp = await requireIdp(tenantId, idpId);
  if (idp.provisioningEnabled) {
    throw new DomainError(
      "Provisioning is already enabled: generate a new token instead",
      undefined,
      "conflict",
    );
  }
  const issued = await issue(tenantId, idpId, { enable: true });
  await recordAudit(tenantId, actor, "provisioning.enabled", idp.displayName);
  return { ...issued, tenantUrl: tenantUrl(idp.provisioningId) };
}

/** Issues another token while the current one keeps working (rotation). */
export async function generateNewToken(tenantId: string, actor: Actor, idpId: string): Promise<IssuedToken> {
  const idp = await requireIdp(tenantId, idpId);
  if (!idp.provisioningEnabled) throw new DomainError("Enable provisioning first", undefined, "conflict");
  const issued = await issue(tenantId, idpId, { enable: false });
  await recordAudit(tenantId, actor, "provisioning.token_created", idp.displayName);
  return { ...issued, tenantUrl: tenantUrl(idp.provisioningId) };
}

export async function revokeToken(
  tenantId: string,
  actor: Actor,
  idpId: string,
  tokenId: string,
): Promise<void> {
  const idp = await requireIdp(tenantId, idpId);
  const { sql } = await db();
  const result = await sql.run(
    `UPDATE "ProvisioningToken" SET "revokedAt" = ? WHERE "tenantId" = ? AND "idpId" = ? AND id = ? AND "revokedAt" IS NULL`,
    [new Date(), tenantId, idpId, tokenId],
  );
  invalidateTokenCache();
  if (result.changes !== 1)
    throw new DomainError("Token not found or already revoked", undefined, "not_found");
  await recordAudit(tenantId, actor, "provisioning.token_revoked", idp.displayName, tokenId);
}

/** Turns provisioning off and revokes every token; enabling again issues a fresh one. */
export async function disableProvisioning(tenantId: string, actor: Actor, idpId: string): Promise<void> {
  const idp = await requireIdp(tenantId, idpId);
  const { sql } = await db();
  const now = new Date();
  await sql.tx(function* () {
    yield* run(
      `UPDATE "IdentityProvider" SET "provisioningEnabled" = ?, "updatedAt" = ? WHERE "tenantId" = ? AND id = ?`,
      [false, now, tenantId, idpId],
    );
    yield* run(
      `UPDATE "ProvisioningToken" SET "revokedAt" = ? WHERE "tenantId" = ? AND "idpId" = ? AND "revokedAt" IS NULL`,
      [now, tenantId, idpId],
    );
  });
  invalidateTokenCache();
  await recordAudit(tenantId, actor, "provisioning.disabled", idp.displayName);
}

export async function listTokens(tenantId: string, idpId: string) {
  const { prisma } = await db();
  return prisma.provisioningToken.findMany({
    where: { tenantId, idpId },
    orderBy: { createdAt: "desc" },
    select: { id: true, hint: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
