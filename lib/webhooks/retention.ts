/**
 * Retention: events (the outbox) and finished webhook deliveries (with their attempts) older than
 * EVENTS_RETENTION_DAYS (default 90), and audit log entries older than AUDIT_RETENTION_DAYS
 * (default 365), are deleted, in batches of 1,000 rows with a pause between
 * batches so that no statement holds the database for long. Every instance sweeps once an hour
 * (a minute after start first); sweeps that overlap only find less to delete.
 */
import { pruneAudit } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logError } from "@/lib/log";
import { retentionMs } from "./config";

const BATCH = 1000;
const EVERY_MS = 3_600_000;
const FIRST_AFTER_MS = 60_000;

async function deleteInBatches(sql: string, cutoff: Date): Promise<number> {
  const { sql: client } = await db();
  let total = 0;
  for (;;) {
    const { changes } = await client.run(sql, [cutoff, BATCH]);
    total += changes;
    if (changes < BATCH) return total;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One sweep; returns how many rows of each kind it deleted. */
export async function pruneExpired(
  now = new Date(),
): Promise<{ events: number; deliveries: number; audit: number }> {
  const auditDays = env().AUDIT_RETENTION_DAYS;
  const audit = await pruneAudit(auditDays > 0 ? auditDays * 86_400_000 : null, now);
  const keep = retentionMs();
  if (keep === null) return { events: 0, deliveries: 0, audit };
  const cutoff = new Date(now.getTime() - keep);
  // Attempts go with their delivery (ON DELETE CASCADE); pending deliveries are never pruned.
  const deliveries = await deleteInBatches(
    `DELETE FROM "WebhookDelivery" WHERE id IN
       (SELECT id FROM "WebhookDelivery" WHERE "finishedAt" < ? ORDER BY "finishedAt" LIMIT ?)`,
    cutoff,
  );
  const events = await deleteInBatches(
    `DELETE FROM "Event" WHERE id IN (SELECT id FROM "Event" WHERE at < ? AND seq IS NOT NULL ORDER BY at LIMIT ?)`,
    cutoff,
  );
  return { events, deliveries, audit };
}

const timers = globalThis as typeof globalThis & { __rollcallRetention?: NodeJS.Timeout };

export function startRetentionSweeps(): void {
  if (timers.__rollcallRetention) return;
  const sweep = () =>
    void pruneExpired().catch((error: unknown) => logError("events", "retention sweep failed", error));
  timers.__rollcallRetention = setTimeout(() => {
    sweep();
    timers.__rollcallRetention = setInterval(sweep, EVERY_MS);
    timers.__rollcallRetention.unref();
  }, FIRST_AFTER_MS);
  timers.__rollcallRetention.unref();
}
