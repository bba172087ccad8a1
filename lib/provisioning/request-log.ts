/**
 * The provisioning log: one row per SCIM request. Rows are buffered and written in batches off the
 * request path (every 250 ms, or at 200 rows), so logging adds no database round trip to a
 * request. A crash loses at most the last batch of log rows, never provisioning data.
 */
import { db } from "@/lib/db";
import { run, type SqlValue } from "@/lib/db/sql";
import { newId } from "@/lib/ids";
import { logError } from "@/lib/log";
import type { RequestLogEntry } from "@/lib/scim/log-entry";
import { env } from "@/lib/env";

const FLUSH_MS = 250;
const BATCH = 200;
const PRUNE_EVERY_MS = 10 * 60_000;
const PRUNE_BATCH = 5000;

/** How long the provisioning log keeps a request (SCIM_LOG_RETENTION_DAYS, default 30). */
export function retentionDays(): number {
  return env().SCIM_LOG_RETENTION_DAYS;
}

type State = {
  /** Rows as the statement binds them: the entry's objects are let go as soon as it is queued. */
  queue: SqlValue[][];
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  prunedAt: number;
  shuttingDown: boolean;
};
const holder = globalThis as typeof globalThis & { __rollcallRequestLog?: State };
const state = (holder.__rollcallRequestLog ??= {
  queue: [],
  timer: null,
  flushing: null,
  prunedAt: 0,
  shuttingDown: false,
});

const COLUMNS = `("tenantId", id, at, "idpId", method, path, status, "durationMs", "resourceType", "resourceId", "userAgent", "scimType", detail, changes, "unknownAttribute")`;

function toRow(e: RequestLogEntry): SqlValue[] {
  return [
    e.tenantId,
    newId(e.at.getTime()),
    e.at,
    e.idpId,
    e.method,
    e.path.slice(0, 2000),
    e.status,
    e.durationMs,
    e.resourceType,
    e.resourceId,
    e.userAgent?.slice(0, 500) ?? null,
    e.scimType,
    e.detail?.slice(0, 2000) ?? null,
    e.changes ? JSON.stringify(e.changes) : null,
    e.unknownAttribute?.slice(0, 500) ?? null,
  ];
}

// Rows go in with two statements only (ROWS_PER_STATEMENT rows, and one row), each prepared once.
const ROWS_PER_STATEMENT = 50;
const ROW = `(${COLUMNS.split(",")
  .map(() => "?")
  .join(", ")})`;
const INSERT_ONE = `INSERT INTO "ScimRequestLog" ${COLUMNS} VALUES ${ROW}`;
const INSERT_MANY = `INSERT INTO "ScimRequestLog" ${COLUMNS} VALUES ${Array.from({ length: ROWS_PER_STATEMENT }, () => ROW).join(", ")}`;

export function logScimRequest(entry: RequestLogEntry): void {
  state.queue.push(toRow(entry));
  if (state.queue.length >= BATCH || state.shuttingDown) void flushRequestLog();
  else state.timer ??= setTimeout(() => void flushRequestLog(), FLUSH_MS);
}

/**
 * On SIGTERM/SIGINT Next.js stops accepting connections, lets in-flight requests finish, then
 * exits. From the signal on, log rows are written at once instead of batched, so the requests
 * still running when a rolling deploy stops this instance keep their log rows.
 */
export function writeThroughFromNowOn(): Promise<void> {
  state.shuttingDown = true;
  return flushRequestLog();
}

export async function flushRequestLog(): Promise<void> {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
  while (state.flushing) await state.flushing;
  const batch = state.queue.splice(0, state.queue.length);
  if (batch.length === 0) return;
  state.flushing = (async () => {
    try {
      const { sql } = await db();
      await sql.tx(function* () {
        let i = 0;
        for (; i + ROWS_PER_STATEMENT <= batch.length; i += ROWS_PER_STATEMENT) {
          yield* run(INSERT_MANY, batch.slice(i, i + ROWS_PER_STATEMENT).flat());
        }
        for (; i < batch.length; i++) yield* run(INSERT_ONE, batch[i]!);
      });
      if (Date.now() - state.prunedAt > PRUNE_EVERY_MS) {
        state.prunedAt = Date.now();
        await pruneRequestLog();
      }
    } catch (error) {
      logError("request log", `could not write ${batch.length} rows`, error);
    } finally {
      state.flushing = null;
    }
  })();
  await state.flushing;
}

/**
 * Deletes log rows older than the retention period, at most PRUNE_BATCH per call (bounded work; it
 * runs every ten minutes while requests arrive, so a backlog drains over a few calls).
 */
export async function pruneRequestLog(now = new Date()): Promise<number> {
  const { sql } = await db();
  const cutoff = new Date(now.getTime() - retentionDays() * 86_400_000);
  const result = await sql.run(
    `DELETE FROM "ScimRequestLog" WHERE ("tenantId", id) IN (SELECT "tenantId", id FROM "ScimRequestLog" WHERE at < ? ORDER BY at LIMIT ?)`,
    [cutoff, PRUNE_BATCH],
  );
  return result.changes;
}
