/**
 * Verified email domains. A tenant claims a domain for one of its identity providers; the claim
 * routes people who type an address at that domain on `/login` only once the tenant has proved it
 * controls the domain's DNS: a TXT record `rollcall-verification=<token>` at `_rollcall.<domain>`
 * or at the domain itself, with the claim's own random token.
 *
 * - Any number of tenants may claim a domain. Unverified claims route nobody, and nothing a tenant
 *   sees depends on another tenant's claim (see docs/decisions/0005-verified-email-domains.md).
 * - At most one claim of a domain is verified: `verifiedDomain` is set only while verified and is
 *   unique. A tenant that proves ownership while another tenant's verified record is gone from the
 *   DNS takes the domain over; while that record is still published, the new proof waits.
 * - Verified domains are re-checked every DOMAIN_RECHECK_HOURS by a timer in every server
 *   instance. A verified domain whose record is missing keeps routing for DOMAIN_GRACE_HOURS after
 *   the first failed check (so a DNS migration does not lock a company out), then becomes
 *   unverified. Instances claim each due check with a conditional update, so a check runs once.
 */
import { randomBytes } from "node:crypto";
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run, toDate, UniqueViolation, type SqlValue } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { rateLimiter } from "@/lib/security/rate-limit";
import { lookupVerificationTokens, RECORD_LABEL, VERIFICATION_PREFIX, type TxtLookup } from "./dns";
import { graceMs, recheckIntervalMs, retryMs } from "./domain-timing";

/** "Verify now" per tenant per minute: each one sends DNS queries for a name the admin chose. */
const VERIFY_LIMIT = { max: 20, windowMs: 60_000 };

export function newVerificationToken(): string {
  return randomBytes(16).toString("hex");
}

export type DomainState = "pending" | "verified" | "failed";

export type DomainClaim = {
  domain: string;
  idpId: string;
  state: DomainState;
  /** The TXT record to publish: at `recordName` (or at the domain itself), value `recordValue`. */
  recordName: string;
  recordValue: string;
  createdAt: Date;
  verifiedAt: Date | null;
  checkedAt: Date | null;
  /** What the last check found wrong, in words for the admin. */
  checkError: string | null;
  /** A verified domain whose record has been missing since then… */
  failingSince: Date | null;
  /** …keeps routing until then, unless the record is found again. */
  routesUntil: Date | null;
};

type ClaimRow = {
  tenantId: string;
  domain: string;
  idpId: string;
  token: string;
  createdAt: unknown;
  verifiedDomain: string | null;
  verifiedAt: unknown;
  checkedAt: unknown;
  checkError: string | null;
  failingSince: unknown;
};

const COLUMNS = `"tenantId", domain, "idpId", token, "createdAt", "verifiedDomain", "verifiedAt", "checkedAt", "checkError", "failingSince"`;

function toClaim(row: ClaimRow): DomainClaim {
  const verified = row.verifiedDomain !== null;
  const checkedAt = toDate(row.checkedAt);
  const failingSince = verified ? toDate(row.failingSince) : null;
  return {
    domain: row.domain,
    idpId: row.idpId,
    state: verified ? "verified" : checkedAt ? "failed" : "pending",
    recordName: `${RECORD_LABEL}.${row.domain}`,
    recordValue: `${VERIFICATION_PREFIX}${row.token}`,
    createdAt: toDate(row.createdAt) ?? new Date(0),
    verifiedAt: verified ? toDate(row.verifiedAt) : null,
    checkedAt,
    checkError: row.checkError,
    failingSince,
    routesUntil: failingSince ? new Date(failingSince.getTime() + graceMs()) : null,
  };
}

/** The domains claimed for one identity provider of the tenant, with their verification state. */
export async function listDomainClaims(tenantId: string, idpId: string): Promise<DomainClaim[]> {
  const { sql } = await db();
  const rows = await sql.all<ClaimRow>(
    `SELECT ${COLUMNS} FROM "SsoDomain" WHERE "tenantId" = ? AND "idpId" = ? ORDER BY domain`,
    [tenantId, idpId],
  );
  return rows.map(toClaim);
}

/** The tenant's verified domains (any identity provider). */
export async function verifiedDomainsOf(tenantId: string): Promise<string[]> {
  const { sql } = await db();
  const rows = await sql.all<{ domain: string }>(
    `SELECT domain FROM "SsoDomain" WHERE "tenantId" = ? AND "verifiedDomain" IS NOT NULL ORDER BY domain`,
    [tenantId],
  );
  return rows.map((r) => r.domain);
}

function problemText(lookup: TxtLookup, domain: string): string {
  if (lookup.problem?.kind === "dns_error") {
    return `DNS did not answer for ${domain} (${lookup.problem.code}). Rollcall will accept the record once DNS answers.`;
  }
  // The same words whether the DNS has no verification record or only other values: the values
  // of other tenants' records are theirs, and whether there are any is not this tenant's business.
  return `No TXT record ${VERIFICATION_PREFIX}… with this domain's value was found at ${RECORD_LABEL}.${domain} or ${domain}. DNS changes can take a while to appear.`;
}

const ABSENT: TxtLookup = { tokens: new Set(), problem: { kind: "absent" } };

/**
 * Shown only to a tenant whose own token is in the domain's DNS — the domain's owner — when
 * another verification record there still holds the domain for a different account.
 */
const HELD_BY_OTHER_RECORD =
  "Your record was found, but another rollcall-verification record published on this domain still verifies it for a different Rollcall account. Remove the verification record you do not recognise, then verify again.";

export async function readClaim(tenantId: string, domain: string): Promise<ClaimRow | undefined> {
  const { sql } = await db();
  return sql.get<ClaimRow>(`SELECT ${COLUMNS} FROM "SsoDomain" WHERE "tenantId" = ? AND domain = ?`, [
    tenantId,
    domain,
  ]);
}

type Outcome = {
  claim: ClaimRow;
  event: "verified" | "unverified" | "failing" | "failed" | "still_verified";
};

/**
 * Applies a DNS look-up to a verified claim: found → fresh; missing → failing, and unverified once
 * the grace period since the first miss has passed.
 */
async function applyToVerified(row: ClaimRow, lookup: TxtLookup, now: Date): Promise<Outcome["event"]> {
  const { sql } = await db();
  const key = [row.tenantId, row.domain];
  if (lookup.tokens.has(row.token)) {
    await sql.run(
      `UPDATE "SsoDomain" SET "checkedAt" = ?, "checkError" = NULL, "failingSince" = NULL, "nextCheckAt" = ?
       WHERE "tenantId" = ? AND domain = ? AND "verifiedDomain" IS NOT NULL`,
      [now, nextCheck(now), ...key],
    );
    return "still_verified";
  }
  const since = toDate(row.failingSince) ?? now;
  const until = since.getTime() + graceMs();
  const problem = problemText(lookup, row.domain);
  if (until <= now.getTime()) {
    await sql.tx(function* () {
      const result = yield* run(
        `UPDATE "SsoDomain" SET "verifiedDomain" = NULL, "verifiedAt" = NULL, "failingSince" = NULL, "nextCheckAt" = NULL, "checkedAt" = ?, "checkError" = ?
         WHERE "tenantId" = ? AND domain = ? AND "verifiedDomain" IS NOT NULL`,
        [now, problem, ...key],
      );
      if (result.changes === 1) {
        yield* audit({
          tenantId: row.tenantId,
          actor: SYSTEM_ACTOR,
          action: "sso_domain.unverified",
          target: row.domain,
          detail: problem,
        });
      }
    });
    return "unverified";
  }
  await sql.run(
    `UPDATE "SsoDomain" SET "failingSince" = ?, "checkedAt" = ?, "checkError" = ?, "nextCheckAt" = ?
     WHERE "tenantId" = ? AND domain = ? AND "verifiedDomain" IS NOT NULL`,
    [since, now, problem, new Date(now.getTime() + retryMs()), ...key],
  );
  return "failing";
}

const SYSTEM_ACTOR: Actor = { adminId: null, label: "Rollcall (DNS re-check)" };

function nextCheck(now: Date): Date | null {
  const interval = recheckIntervalMs();
  return interval > 0 ? new Date(now.getTime() + interval) : null;
}

/**
 * Proves a pending or failed claim: when the claim's token is in the DNS, the claim becomes the
 * domain's verified one — taking it from another tenant whose record is gone, or waiting while
 * that record is still published.
 */
async function applyToUnverified(
  row: ClaimRow,
  lookup: TxtLookup,
  now: Date,
  actor: Actor,
): Promise<{ event: Outcome["event"]; previous: { tenantId: string } | null }> {
  const { sql } = await db();
  if (!lookup.tokens.has(row.token)) {
    await sql.run(
      `UPDATE "SsoDomain" SET "checkedAt" = ?, "checkError" = ? WHERE "tenantId" = ? AND domain = ?`,
      [now, problemText(lookup, row.domain), row.tenantId, row.domain],
    );
    return { event: "failed", previous: null };
  }
  const tokens = lookup.tokens;
  const verify = () =>
    sql.tx(function* () {
      const holder = yield* get<{ tenantId: string; token: string }>(
        `SELECT "tenantId", token FROM "SsoDomain" WHERE "verifiedDomain" = ?`,
        [row.domain],
      );
      if (holder && holder.tenantId !== row.tenantId && tokens.has(holder.token)) {
        yield* run(
          `UPDATE "SsoDomain" SET "checkedAt" = ?, "checkError" = ? WHERE "tenantId" = ? AND domain = ?`,
          [now, HELD_BY_OTHER_RECORD, row.tenantId, row.domain],
        );
        return { event: "failed" as const, previous: null };
      }
      let previous: { tenantId: string } | null = null;
      if (holder && holder.tenantId !== row.tenantId) {
        // The other tenant's record is no longer published; the domain's owner now vouches for us.
        yield* run(
          `UPDATE "SsoDomain" SET "verifiedDomain" = NULL, "verifiedAt" = NULL, "failingSince" = NULL, "nextCheckAt" = NULL, "checkedAt" = ?, "checkError" = ?
           WHERE "tenantId" = ? AND domain = ?`,
          [now, problemText(ABSENT, row.domain), holder.tenantId, row.domain],
        );
        previous = { tenantId: holder.tenantId };
        yield* audit({
          tenantId: holder.tenantId,
          actor: SYSTEM_ACTOR,
          action: "sso_domain.unverified",
          target: row.domain,
          detail: "The verification record is no longer published.",
        });
      }
      const params: SqlValue[] = [row.domain, now, now, nextCheck(now), row.tenantId, row.domain];
      yield* run(
        `UPDATE "SsoDomain" SET "verifiedDomain" = ?, "verifiedAt" = ?, "checkedAt" = ?, "checkError" = NULL, "failingSince" = NULL, "nextCheckAt" = ?
         WHERE "tenantId" = ? AND domain = ?`,
        params,
      );
      yield* audit({ tenantId: row.tenantId, actor, action: "sso_domain.verified", target: row.domain });
      return { event: "verified" as const, previous };
    });
  try {
    return await verify();
  } catch (error) {
    // Two tenants proving the same domain at the same moment: the unique key lets one win.
    if (!(error instanceof UniqueViolation)) throw error;
    await sql.run(
      `UPDATE "SsoDomain" SET "checkedAt" = ?, "checkError" = ? WHERE "tenantId" = ? AND domain = ?`,
      [now, HELD_BY_OTHER_RECORD, row.tenantId, row.domain],
    );
    return { event: "failed", previous: null };
  }
}

/** Checks one claim's DNS now and records the outcome (the admin's "Verify now", the re-check). */
export async function check(
  row: ClaimRow,
  now: Date,
  actor: Actor = SYSTEM_ACTOR,
): Promise<Outcome["event"]> {
  const lookup = await lookupVerificationTokens(row.domain);
  if (row.verifiedDomain !== null) return applyToVerified(row, lookup, now);
  const { event } = await applyToUnverified(row, lookup, now, actor);
  return event;
}

/** The admin's "Verify now" (and the CLI's `domain verify`): checks the DNS and returns the claim. */
export async function verifyDomainClaim(
  tenantId: string,
  actor: Actor,
  idpId: string,
  rawDomain: string,
  now = new Date(),
): Promise<DomainClaim> {
  const domain = rawDomain.trim().toLowerCase();
  const row = await readClaim(tenantId, domain);
  if (!row || row.idpId !== idpId) {
    throw new AppError(`${domain || "This domain"} is not an email domain of this identity provider`, {
      field: "domain",
      code: "not_found",
    });
  }
  const decision = await rateLimiter().hit(`sso-domain-verify:${tenantId}`, VERIFY_LIMIT);
  if (!decision.ok) {
    throw new AppError(
      `Too many checks in a short time. Try again in ${decision.retryAfterSeconds} seconds.`,
      { field: "domain", code: "rate_limited" },
    );
  }
  await check(row, now, actor);
  const after = await readClaim(tenantId, domain);
  if (!after) throw new AppError(`${domain} was removed meanwhile`, { field: "domain", code: "not_found" });
  return toClaim(after);
}
