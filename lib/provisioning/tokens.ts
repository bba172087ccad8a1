/**
 * SCIM secret tokens: 256 random bits with a recognisable prefix, shown once, stored only as a
 * SHA-256 (a hash of a high-entropy secret needs no slow hash). A request's token is looked up by
 * its hash; successful and failed look-ups are cached in-process for a few seconds
 * (SCIM_TOKEN_CACHE_SECONDS, default 5), and every local revocation clears the cache, so a
 * revoked token stops working at once on this instance and within that bound on the others.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { LRUCache } from "lru-cache";
import { db } from "@/lib/db";
import { toBool, toDate } from "@/lib/db/sql";
import { hashToken } from "@/lib/security/token-hash";
import { env } from "@/lib/env";

export const TOKEN_PREFIX = "rcs_";
const TOKEN_RE = /^rcs_[A-Za-z0-9_-]{43}$/;

export type ScimPrincipal = {
  tenantId: string;
  idpId: string;
  tokenId: string;
  provisioningId: string;
};

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function tokenHint(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 6)}…`;
}

type CacheEntry = { principal: ScimPrincipal | null; expiresAt: number | null; lastUsedWritten: number };

function ttlMs(): number {
  return env().SCIM_TOKEN_CACHE_SECONDS * 1000;
}

// Kept on globalThis: Next.js may bundle this module more than once per process (route handlers,
// server actions), and a revocation in one must clear the cache the others read. Least recently
// used entries make room for new ones (10,000 at most).
const holder = globalThis as typeof globalThis & { __rollcallTokenCache?: LRUCache<string, CacheEntry> };
const cache = (holder.__rollcallTokenCache ??= new LRUCache<string, CacheEntry>({
  max: 10_000,
  ttl: ttlMs(),
  ttlAutopurge: false,
}));
const LAST_USED_EVERY_MS = 60_000;

export function invalidateTokenCache(): void {
  cache.clear();
}

type TokenRow = {
  id: string;
  tenantId: string;
  idpId: string;
  tokenHash: string;
  revokedAt: unknown;
  lastUsedAt: unknown;
  expiresAt: unknown;
  provisioningId: string;
  provisioningEnabled: unknown;
};

async function lookup(hash: string): Promise<CacheEntry> {
  const { sql } = await db();
  const row = await sql.get<TokenRow>(
    `SELECT t.id, t."tenantId", t."idpId", t."tokenHash", t."revokedAt", t."lastUsedAt", t."expiresAt", i."provisioningId", i."provisioningEnabled"
       FROM "ProvisioningToken" t
       JOIN "IdentityProvider" i ON i."tenantId" = t."tenantId" AND i.id = t."idpId"
      WHERE t."tokenHash" = ?`,
    [hash],
  );
  // The row was found by an index on the hash; compare once more in constant time.
  if (
    !row ||
    row.revokedAt !== null ||
    !toBool(row.provisioningEnabled) ||
    !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))
  ) {
    return { principal: null, expiresAt: null, lastUsedWritten: 0 };
  }
  return {
    principal: {
      tenantId: row.tenantId,
      idpId: row.idpId,
      tokenId: row.id,
      provisioningId: row.provisioningId,
    },
    expiresAt: toDate(row.expiresAt)?.getTime() ?? null,
    lastUsedWritten: toDate(row.lastUsedAt)?.getTime() ?? 0,
  };
}

/**
 * The tenant a bearer token belongs to, or null (missing, malformed, unknown, revoked, expired,
 * provisioning off, or — when the request names a tenant URL — a token of another identity
 * provider). A use is recorded (time and `clientIp`) at most once a minute per token.
 */
export async function authenticateToken(
  token: string | null,
  provisioningId: string | null,
  clientIp: string | null = null,
): Promise<ScimPrincipal | null> {
  if (!token || !TOKEN_RE.test(token)) return null;
  const hash = hashToken(token);
  const now = Date.now();
  let entry = cache.get(hash);
  if (!entry) {
    entry = await lookup(hash);
    if (cache.ttl > 0) cache.set(hash, entry);
  }
  const principal = entry.principal;
  if (!principal || (entry.expiresAt !== null && entry.expiresAt <= now)) return null;
  if (provisioningId !== null && principal.provisioningId !== provisioningId) return null;
  if (now - entry.lastUsedWritten >= LAST_USED_EVERY_MS) {
    entry.lastUsedWritten = now;
    void touch(principal, new Date(now), clientIp);
  }
  return principal;
}

async function touch(principal: ScimPrincipal, at: Date, clientIp: string | null): Promise<void> {
  try {
    const { sql } = await db();
    await sql.run(
      `UPDATE "ProvisioningToken" SET "lastUsedAt" = ?, "lastUsedIp" = ? WHERE "tenantId" = ? AND id = ?`,
      [at, clientIp, principal.tenantId, principal.tokenId],
    );
  } catch {
    // last-used is informational; a failed update must not fail the request
  }
}
