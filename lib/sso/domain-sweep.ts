/**
 * The periodic re-check of verified email domains, in every server instance (./domains.ts says
 * what a check does). Instances claim each due check with a conditional update, so it runs once.
 */
import { db } from "@/lib/db";
import { logError } from "@/lib/log";
import { recheckIntervalMs } from "./domain-timing";
import { check, readClaim } from "./domains";

/** A running check holds its claim this long (another instance may take it over afterwards). */
const LEASE_MS = 2 * 60_000;
/** Checks per sweep (the rest wait for the next tick). */
const SWEEP_BATCH = 100;
const SWEEP_CONCURRENCY = 4;

/**
 * Re-checks the verified domains that are due. Safe to run on several instances at once: each
 * check is claimed by pushing its `nextCheckAt` ahead with a conditional update, and a check that
 * ran twice would only write the same outcome twice.
 */
export async function recheckDueDomains(now = new Date()): Promise<{ checked: number; unverified: number }> {
  const { sql } = await db();
  const due = await sql.all<{ tenantId: string; domain: string }>(
    `SELECT "tenantId", domain FROM "SsoDomain" WHERE "verifiedDomain" IS NOT NULL AND "nextCheckAt" <= ?
     ORDER BY "nextCheckAt" LIMIT ?`,
    [now, SWEEP_BATCH],
  );
  let checked = 0;
  let unverified = 0;
  const queue = [...due];
  async function worker() {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const claimed = await sql.run(
        `UPDATE "SsoDomain" SET "nextCheckAt" = ? WHERE "tenantId" = ? AND domain = ? AND "verifiedDomain" IS NOT NULL AND "nextCheckAt" <= ?`,
        [new Date(now.getTime() + LEASE_MS), next.tenantId, next.domain, now],
      );
      if (claimed.changes !== 1) continue;
      const row = await readClaim(next.tenantId, next.domain);
      if (!row || row.verifiedDomain === null) continue;
      checked += 1;
      if ((await check(row, new Date())) === "unverified") unverified += 1;
    }
  }
  await Promise.all(Array.from({ length: SWEEP_CONCURRENCY }, worker));
  return { checked, unverified };
}

const timers = globalThis as typeof globalThis & { __rollcallDomainRecheck?: NodeJS.Timeout };

/**
 * Starts the periodic re-check in this server instance (once per process): a sweep every quarter
 * of the interval, at most every 10 minutes and at least every second.
 */
export function startDomainRechecks(): void {
  const interval = recheckIntervalMs();
  if (interval <= 0 || timers.__rollcallDomainRecheck) return;
  const tick = Math.min(Math.max(interval / 4, 1000), 10 * 60_000);
  let running = false;
  timers.__rollcallDomainRecheck = setInterval(() => {
    if (running) return;
    running = true;
    recheckDueDomains()
      .catch((error: unknown) => logError("sso", "email-domain re-check failed", error))
      .finally(() => {
        running = false;
      });
  }, tick);
  timers.__rollcallDomainRecheck.unref();
}
