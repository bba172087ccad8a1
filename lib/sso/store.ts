/**
 * SSO state shared by every app instance through the database: sign-in requests in flight, the
 * replay cache of accepted assertions, and the sign-in activity an admin reads.
 */
import { createHash } from "node:crypto";
import type { CacheItem, CacheProvider } from "@node-saml/node-saml";
import { db } from "@/lib/db";
import { duePrune } from "@/lib/db/prune";
import { toDate, UniqueViolation } from "@/lib/db/sql";
import { newId } from "@/lib/ids";
import { SsoRefusal } from "./errors";
import { env } from "@/lib/env";

/** How long a user may take at the identity provider before the request expires. */
export const REQUEST_TTL_MS = 15 * 60_000;
/** Replay-cache floor, for assertions whose own validity is shorter. */
const MIN_REPLAY_TTL_MS = 10 * 60_000;

export type IdpKey = { tenantId: string; idpId: string };

/** Pending requests kept per identity provider (the oldest go first); SSO_PENDING_REQUESTS_PER_IDP. */
export function maxPendingRequests(): number {
  return env().SSO_PENDING_REQUESTS_PER_IDP;
}

const trims = globalThis as typeof globalThis & { __rollcallSsoRequestSaves?: Map<string, number> };

/**
 * Where a sign-in goes once its response verifies, kept with the request: nothing (My account), or
 * an application's OpenID Connect interaction (lib/oidc) waiting for this person.
 */
export type ReturnTarget = { kind: "application"; interaction: string };

/**
 * How an SP-initiated sign-in starts: for an application (`returnTo`), or for a Rollcall session in
 * the browser holding `binding` (lib/sso/browser-binding.ts; used by OpenID Connect requests).
 */
export type SignInStart = { returnTo: ReturnTarget } | { binding: string };

function encodeReturnTo(target: ReturnTarget | null): string | null {
  return target ? `oidc:${target.interaction}` : null;
}

function decodeReturnTo(value: unknown): ReturnTarget | null {
  if (typeof value !== "string" || !value.startsWith("oidc:")) return null;
  return { kind: "application", interaction: value.slice("oidc:".length) };
}

/** What an OpenID Connect request keeps for its callback: the ID token's nonce and the PKCE verifier. */
export type OidcChecks = { nonce: string; codeVerifier: string };

export async function saveRequest(
  idp: IdpKey,
  id: string,
  {
    returnTo = null,
    oidc = null,
    now = new Date(),
  }: { returnTo?: ReturnTarget | null; oidc?: OidcChecks | null; now?: Date } = {},
): Promise<void> {
  const { sql } = await db();
  await sql.run(
    `INSERT INTO "SsoRequest" ("tenantId", "idpId", id, "expiresAt", "returnTo", nonce, "codeVerifier") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      idp.tenantId,
      idp.idpId,
      id,
      new Date(now.getTime() + REQUEST_TTL_MS),
      encodeReturnTo(returnTo),
      oidc?.nonce ?? null,
      oidc?.codeVerifier ?? null,
    ],
  );
  // Anyone may start sign-ins: every tenth of the cap, this instance drops the IdP's oldest
  // pending requests beyond it (one indexed statement), so they stay bounded whatever arrives.
  const cap = maxPendingRequests();
  const saves = (trims.__rollcallSsoRequestSaves ??= new Map());
  const key = `${idp.tenantId}/${idp.idpId}`;
  const count = (saves.get(key) ?? 0) + 1;
  if (count < Math.max(1, Math.min(100, Math.floor(cap / 10)))) {
    saves.set(key, count);
    return;
  }
  saves.delete(key);
  await sql.run(
    `DELETE FROM "SsoRequest" WHERE "tenantId" = ? AND "idpId" = ? AND "expiresAt" < (
       SELECT "expiresAt" FROM "SsoRequest" WHERE "tenantId" = ? AND "idpId" = ? ORDER BY "expiresAt" DESC LIMIT 1 OFFSET ?)`,
    [idp.tenantId, idp.idpId, idp.tenantId, idp.idpId, cap - 1],
  );
}

export type PendingRequest = { returnTo: ReturnTarget | null; oidc: OidcChecks | null };

/**
 * A request that is still pending, once: the row is deleted by whoever consumes it (null for the
 * others, and for an unknown or expired request), with where the sign-in goes next and, for
 * OpenID Connect, the checks its answer must pass.
 */
export async function consumeRequest(
  idp: IdpKey,
  id: string,
  now = new Date(),
): Promise<PendingRequest | null> {
  const { sql } = await db();
  const row = await sql.get<{ returnTo: unknown; nonce: string | null; codeVerifier: string | null }>(
    `DELETE FROM "SsoRequest" WHERE "tenantId" = ? AND "idpId" = ? AND id = ? AND "expiresAt" > ?
     RETURNING "returnTo", nonce, "codeVerifier"`,
    [idp.tenantId, idp.idpId, id, now],
  );
  if (!row) return null;
  return {
    returnTo: decodeReturnTo(row.returnTo),
    oidc: row.nonce && row.codeVerifier ? { nonce: row.nonce, codeVerifier: row.codeVerifier } : null,
  };
}

/**
 * node-saml's request cache, backed by SsoRequest: it saves the AuthnRequest ID when it builds the
 * request and checks InResponseTo against it. The row is consumed by our own `consumeRequest`
 * after the response verifies, so `removeAsync` has nothing left to do.
 */
export function requestCache(idp: IdpKey, returnTo: ReturnTarget | null = null): CacheProvider {
  return {
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      await saveRequest(idp, key, { returnTo });
      return { value, createdAt: Date.now() };
    },
    /** The request's creation time (node-saml reads the cached value as a date). */
    async getAsync(key: string): Promise<string | null> {
      const { sql } = await db();
      const row = await sql.get<{ expiresAt: unknown }>(
        `SELECT "expiresAt" FROM "SsoRequest" WHERE "tenantId" = ? AND "idpId" = ? AND id = ? AND "expiresAt" > ?`,
        [idp.tenantId, idp.idpId, key, new Date()],
      );
      const expiresAt = row ? toDate(row.expiresAt) : null;
      return expiresAt ? new Date(expiresAt.getTime() - REQUEST_TTL_MS).toISOString() : null;
    },
    async removeAsync(key: string | null): Promise<string | null> {
      return key;
    },
  };
}

/** Records an accepted assertion ID; a second use of the same assertion is refused. */
export async function rememberAssertion(
  idp: IdpKey,
  assertionId: string,
  validUntil: Date,
  now = new Date(),
) {
  const { sql } = await db();
  const expiresAt = new Date(Math.max(validUntil.getTime(), now.getTime()) + MIN_REPLAY_TTL_MS);
  try {
    await sql.run(
      `INSERT INTO "SsoAssertion" ("tenantId", "idpId", "assertionId", "expiresAt") VALUES (?, ?, ?, ?)`,
      [idp.tenantId, idp.idpId, assertionId, expiresAt],
    );
  } catch (error) {
    if (error instanceof UniqueViolation)
      throw new SsoRefusal("replayed", `assertion ${assertionId} was already used`);
    throw error;
  }
}

/** Sign-in activity is kept this long. */
export const SSO_EVENT_RETENTION_DAYS = 90;

/**
 * Drops expired requests, replay entries and sessions, and old sign-in activity. Any instance may
 * run it; each does so at most once a minute.
 */
export async function pruneExpired(now = new Date()): Promise<void> {
  if (!duePrune("sso", now.getTime())) return;
  const { sql } = await db();
  await sql.run(`DELETE FROM "SsoRequest" WHERE "expiresAt" <= ?`, [now]);
  await sql.run(`DELETE FROM "SsoAssertion" WHERE "expiresAt" <= ?`, [now]);
  await sql.run(`DELETE FROM "UserSession" WHERE "expiresAt" <= ?`, [now]);
  await sql.run(`DELETE FROM "SsoEvent" WHERE at < ?`, [
    new Date(now.getTime() - SSO_EVENT_RETENTION_DAYS * 86_400_000),
  ]);
}

/** Refusals are counted in one row per identity provider, refusal code and user, per this window. */
export const REFUSAL_BUCKET_MS = 10 * 60_000;

/**
 * Records a sign-in attempt in the IdP's activity. A successful sign-in is one row; refusals are
 * counted per refusal code, user (null when the response could not be verified: anyone can post
 * junk) and 10-minute window in one row, so a flood adds a handful of rows an hour and the real
 * events stay in view.
 */
export async function recordSsoEvent(
  idp: IdpKey,
  outcome: "signed-in" | "refused",
  subject: string | null,
  reason: string | null,
  now = new Date(),
): Promise<void> {
  const { sql } = await db();
  const cutSubject = subject?.slice(0, 320) ?? null;
  const cutReason = reason?.slice(0, 500) ?? null;
  if (outcome === "signed-in") {
    await sql.run(
      `INSERT INTO "SsoEvent" ("tenantId", id, at, "idpId", outcome, subject, reason) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [idp.tenantId, newId(), now, idp.idpId, outcome, cutSubject, cutReason],
    );
    return;
  }
  const code = cutReason?.split(":")[0] ?? "";
  const window = Math.floor(now.getTime() / REFUSAL_BUCKET_MS);
  const bucket = createHash("sha256")
    .update(`${code}\0${cutSubject ?? ""}\0${window}`)
    .digest("hex");
  await sql.run(
    `INSERT INTO "SsoEvent" ("tenantId", id, at, "idpId", outcome, subject, reason, bucket, count, "lastAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT ("tenantId", "idpId", bucket) DO UPDATE SET count = "SsoEvent".count + 1, "lastAt" = excluded."lastAt"`,
    [idp.tenantId, newId(), now, idp.idpId, outcome, cutSubject, cutReason, bucket, now],
  );
}

export async function listSsoEvents(idp: IdpKey, take = 20) {
  const { prisma } = await db();
  return prisma.ssoEvent.findMany({
    where: { tenantId: idp.tenantId, idpId: idp.idpId },
    orderBy: { at: "desc" },
    take,
  });
}
