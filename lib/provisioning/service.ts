import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run, type Dialect, type Work } from "@/lib/db/sql";
import { recordEvent } from "@/lib/events/outbox";
import { AppError, parseInput } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashToken } from "@/lib/security/token-hash";
import { scimBaseUrl } from "@/lib/config";
import { generateToken, invalidateTokenCache, tokenHint } from "./tokens";

/** At most two tokens are active (neither revoked nor expired) at once, so a rotation in Entra causes no outage. */
export const MAX_ACTIVE_TOKENS = 2;

export function tenantUrl(provisioningId: string): string {
  return `${scimBaseUrl()}/${provisioningId}`;
}

export type IssuedToken = { tenantUrl: string; token: string; tokenId: string; name: string };

/** What the admin may say about a new token: its name and, optionally, when it stops working. */
export const tokenOptionsSchema = z.object({
  name: z.string().trim().max(80, "At most 80 characters").optional().default(""),
  expiresInDays: z.coerce
    .number()
    .int("Use a whole number of days")
    .min(1, "At least 1 day")
    .max(3650, "At most 10 years")
    .nullable()
    .optional()
    .default(null),
});
export type TokenOptions = z.input<typeof tokenOptionsSchema>;

async function requireIdp(tenantId: string, idpId: string) {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({
    where: { tenantId, id: idpId },
    select: { id: true, displayName: true, provisioningId: true, provisioningEnabled: true },
  });
  if (!idp) throw new AppError("Identity provider not found", { code: "not_found" });
  return idp;
}

type Idp = Awaited<ReturnType<typeof requireIdp>>;

/** The audit entry and the event of a provisioning change, in the change's transaction. */
function* recordProvisioningChange(
  dialect: Dialect,
  tenantId: string,
  actor: Actor,
  type:
    | "provisioning.enabled"
    | "provisioning.disabled"
    | "provisioning.token_created"
    | "provisioning.token_revoked",
  idp: Idp,
  tokenId?: string,
): Work<void> {
  // The audit log names a token by the hint the portal shows for it, not by its id.
  const token = tokenId
    ? yield* get<{ hint: string }>(`SELECT hint FROM "ProvisioningToken" WHERE "tenantId" = ? AND id = ?`, [
        tenantId,
        tokenId,
      ])
    : undefined;
  yield* audit({ tenantId, actor, action: type, target: idp.displayName, detail: token?.hint ?? null });
  yield* recordEvent(dialect, {
    tenantId,
    type,
    idpId: idp.id,
    data: { identityProvider: { id: idp.id, displayName: idp.displayName }, ...(tokenId ? { tokenId } : {}) },
  });
}

async function issue(
  tenantId: string,
  actor: Actor,
  idp: Idp,
  { enable, options }: { enable: boolean; options: TokenOptions },
): Promise<IssuedToken> {
  const { name: given, expiresInDays } = parseInput(tokenOptionsSchema, options);
  const { sql } = await db();
  const token = generateToken();
  const tokenId = newId();
  const now = new Date();
  const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
  let name = given;
  const ok = await sql.tx(function* () {
    if (enable) {
      yield* run(
        `UPDATE "IdentityProvider" SET "provisioningEnabled" = ?, "updatedAt" = ? WHERE "tenantId" = ? AND id = ?`,
        [true, now, tenantId, idp.id],
      );
      yield* recordProvisioningChange(sql.dialect, tenantId, actor, "provisioning.enabled", idp);
    }
    const active = yield* get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM "ProvisioningToken" WHERE "tenantId" = ? AND "idpId" = ? AND "revokedAt" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > ?)`,
      [tenantId, idp.id, now],
    );
    if (Number(active?.n ?? 0) >= MAX_ACTIVE_TOKENS) return false;
    if (!name) {
      const all = yield* get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM "ProvisioningToken" WHERE "tenantId" = ? AND "idpId" = ?`,
        [tenantId, idp.id],
      );
      name = defaultTokenName(idp.displayName, Number(all?.n ?? 0) + 1);
    }
    yield* run(
      `INSERT INTO "ProvisioningToken" ("tenantId", id, "idpId", "tokenHash", hint, name, "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [tenantId, tokenId, idp.id, hashToken(token), tokenHint(token), name, now, expiresAt],
    );
    yield* recordProvisioningChange(sql.dialect, tenantId, actor, "provisioning.token_created", idp, tokenId);
    return true;
  });
  if (!ok) {
    throw new AppError(
      `At most ${MAX_ACTIVE_TOKENS} tokens can be active at once: revoke the old one first`,
      { code: "conflict" },
    );
  }
  invalidateTokenCache();
  return { token, tokenId, name, tenantUrl: tenantUrl(idp.provisioningId) };
}

/** "Entra ID token 2": the identity provider's name and the token's number among its tokens. */
export function defaultTokenName(idpName: string, number: number): string {
  return `${idpName} token ${number}`;
}

/** Turns provisioning on and issues the first secret token (shown to the admin once). */
export async function enableProvisioning(
  tenantId: string,
  actor: Actor,
  idpId: string,
  options: TokenOptions = {},
): Promise<IssuedToken> {
  const idp = await requireIdp(tenantId, idpId);
  if (idp.provisioningEnabled) {
    throw new AppError("Provisioning is already enabled: generate a new token instead", { code: "conflict" });
  }
  return issue(tenantId, actor, idp, { enable: true, options });
}

/** Issues another token while the current one keeps working (rotation). */
export async function generateNewToken(
  tenantId: string,
  actor: Actor,
  idpId: string,
  options: TokenOptions = {},
): Promise<IssuedToken> {
  const idp = await requireIdp(tenantId, idpId);
  if (!idp.provisioningEnabled) throw new AppError("Enable provisioning first", { code: "conflict" });
  return issue(tenantId, actor, idp, { enable: false, options });
}

export async function revokeToken(
  tenantId: string,
  actor: Actor,
  idpId: string,
  tokenId: string,
): Promise<void> {
  const idp = await requireIdp(tenantId, idpId);
  const { sql } = await db();
  const revoked = await sql.tx(function* () {
    const result = yield* run(
      `UPDATE "ProvisioningToken" SET "revokedAt" = ? WHERE "tenantId" = ? AND "idpId" = ? AND id = ? AND "revokedAt" IS NULL`,
      [new Date(), tenantId, idpId, tokenId],
    );
    if (result.changes !== 1) return false;
    yield* recordProvisioningChange(sql.dialect, tenantId, actor, "provisioning.token_revoked", idp, tokenId);
    return true;
  });
  invalidateTokenCache();
  if (!revoked) throw new AppError("Token not found or already revoked", { code: "not_found" });
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
    yield* recordProvisioningChange(sql.dialect, tenantId, actor, "provisioning.disabled", idp);
  });
  invalidateTokenCache();
}

/** The tokens as the portal lists them, newest first: active, expired or revoked, and the "new" one. */
export async function listTokens(tenantId: string, idpId: string, now = new Date()) {
  const { prisma } = await db();
  const rows = await prisma.provisioningToken.findMany({
    where: { tenantId, idpId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      hint: true,
      name: true,
      createdAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      expiresAt: true,
      revokedAt: true,
    },
  });
  return rows.map((t, i) => ({
    ...t,
    state: t.revokedAt
      ? ("revoked" as const)
      : t.expiresAt && t.expiresAt <= now
        ? ("expired" as const)
        : ("active" as const),
    // The latest token, while it is unused and less than a day old: the one just put in place.
    isNew: i === 0 && !t.revokedAt && !t.lastUsedAt && now.getTime() - t.createdAt.getTime() < 86_400_000,
  }));
}
