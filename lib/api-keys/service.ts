/**
 * API keys for Rollcall's application API (/api/v1), created by the operator (CLI): 256 random
 * bits with the prefix `rck_`, shown once, stored only as a SHA-256 (lib/security/token-hash.ts,
 * as SCIM tokens are). A request's key is looked up by its hash and compared once more in constant
 * time; look-ups are cached in-process for API_KEY_CACHE_SECONDS (default 5), so a key revoked by
 * the CLI (another process) stops working within that bound. Last use is written at most once a
 * minute per key.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { LRUCache } from "lru-cache";
import { db } from "@/lib/db";
import { toDate } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashToken } from "@/lib/security/token-hash";
import { env } from "@/lib/env";

export const API_KEY_PREFIX = "rck_";
const KEY_RE = /^rck_[A-Za-z0-9_-]{43}$/;

/**
 * What a key may do: read events, read the directory, manage tenants, manage webhook endpoints,
 * manage the applications that sign people in through Rollcall (OpenID Connect clients), manage
 * the application's roles and tenants' role mappings.
 */
export const SCOPES = [
  "events:read",
  "directory:read",
  "tenants:write",
  "webhooks:write",
  "applications:write",
  "roles:write",
] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export type ApiPrincipal = { keyId: string; name: string; scopes: ReadonlySet<Scope> };

export type ApiKeyInfo = {
  keyId: string;
  name: string;
  hint: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

function parseScopes(text: string): Scope[] {
  return text.split(",").filter(isScope);
}

/** Creates a key; returns it — the only time it is ever shown. */
export async function createApiKey(
  name: string,
  scopes: readonly string[],
): Promise<{ keyId: string; key: string }> {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > 120)
    throw new AppError("Name the key (1–120 characters)", { field: "name" });
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new AppError(`Scopes are a comma-separated list of: ${SCOPES.join(", ")}`, { field: "scopes" });
  }
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const keyId = newId();
  const { prisma } = await db();
  await prisma.apiKey.create({
    data: {
      id: keyId,
      name: trimmed,
      keyHash: hashToken(key),
      hint: `${key.slice(0, API_KEY_PREFIX.length + 6)}…`,
      scopes: SCOPES.filter((s) => scopes.includes(s)).join(","),
    },
  });
  return { keyId, key };
}

export async function listApiKeys(): Promise<ApiKeyInfo[]> {
  const { prisma } = await db();
  const rows = await prisma.apiKey.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({
    keyId: r.id,
    name: r.name,
    hint: r.hint,
    scopes: parseScopes(r.scopes),
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes a key (at once on this instance, within API_KEY_CACHE_SECONDS on the others). */
export async function revokeApiKey(keyId: string): Promise<void> {
  const { prisma } = await db();
  const { count } = await prisma.apiKey.updateMany({
    where: { id: keyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  cache.clear();
  if (count === 0) {
    const exists = await prisma.apiKey.findUnique({ where: { id: keyId }, select: { id: true } });
    if (!exists) throw new AppError(`No API key with id ${keyId}`, { field: "keyId", code: "not_found" });
  }
}

type CacheEntry = { principal: ApiPrincipal | null; lastUsedWritten: number };

function ttlMs(): number {
  return env().API_KEY_CACHE_SECONDS * 1000;
}

// On globalThis: Next.js may bundle this module more than once per process.
const holder = globalThis as typeof globalThis & { __rollcallApiKeyCache?: LRUCache<string, CacheEntry> };
const cache = (holder.__rollcallApiKeyCache ??= new LRUCache<string, CacheEntry>({
  max: 10_000,
  ttl: ttlMs(),
  ttlAutopurge: false,
}));
const LAST_USED_EVERY_MS = 60_000;

type KeyRow = {
  id: string;
  name: string;
  keyHash: string;
  scopes: string;
  revokedAt: unknown;
  lastUsedAt: unknown;
};

async function lookup(hash: string): Promise<CacheEntry> {
  const { sql } = await db();
  const row = await sql.get<KeyRow>(
    `SELECT id, name, "keyHash", scopes, "revokedAt", "lastUsedAt" FROM "ApiKey" WHERE "keyHash" = ?`,
    [hash],
  );
  // Found by an index on the hash; compared once more in constant time.
  if (!row || row.revokedAt !== null || !timingSafeEqual(Buffer.from(row.keyHash), Buffer.from(hash))) {
    return { principal: null, lastUsedWritten: 0 };
  }
  return {
    principal: { keyId: row.id, name: row.name, scopes: new Set(parseScopes(row.scopes)) },
    lastUsedWritten: toDate(row.lastUsedAt)?.getTime() ?? 0,
  };
}

/** The key a request's bearer token is, or null (missing, malformed, unknown or revoked). */
export async function authenticateApiKey(key: string | null): Promise<ApiPrincipal | null> {
  if (!key || !KEY_RE.test(key)) return null;
  const hash = hashToken(key);
  let entry = cache.get(hash);
  if (!entry) {
    entry = await lookup(hash);
    if (cache.ttl > 0) cache.set(hash, entry);
  }
  const { principal } = entry;
  if (!principal) return null;
  const now = Date.now();
  if (now - entry.lastUsedWritten >= LAST_USED_EVERY_MS) {
    entry.lastUsedWritten = now;
    void touch(principal.keyId, now);
  }
  return principal;
}

/** Records the key's use; the condition keeps several instances to one write a minute too. */
async function touch(keyId: string, now: number): Promise<void> {
  try {
    const { sql } = await db();
    await sql.run(
      `UPDATE "ApiKey" SET "lastUsedAt" = ? WHERE id = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" <= ?)`,
      [new Date(now), keyId, new Date(now - LAST_USED_EVERY_MS)],
    );
  } catch {
    // last-used is informational; a failed update must not fail the request
  }
}
