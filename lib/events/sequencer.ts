/**
 * Numbers committed events in commit order (PostgreSQL; on SQLite events are numbered at insert,
 * see ./outbox.ts). One pass at a time across all instances (a transaction-level advisory lock;
 * an instance that does not get it skips the pass). A pass numbers the events it can see — those
 * committed — after every number already given, so a reader that has seen number n never meets a
 * smaller one later. Within a pass, events keep their transactions' order (older transaction
 * first: the transaction that changed a resource first holds the older transaction id, as it took
 * the resource's row lock first) and each transaction's own order (ids that sort as written).
 */
import { db } from "@/lib/db";
import { get, run } from "@/lib/db/sql";
import { logError } from "@/lib/log";

const LOCK_KEY = 7_265_728; // "rollcall event sequencer"
const PASS = 5000;
const EVERY_MS = 100;

/** Numbers what is waiting; returns how many events it numbered (0 when another instance is at it). */
export async function sequencePending(): Promise<number> {
  const { sql } = await db();
  if (sql.dialect !== "postgres") return 0;
  return sql.tx(function* () {
    const lock = yield* get<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(?) AS locked`, [LOCK_KEY]);
    if (!lock?.locked) return 0;
    const { changes } = yield* run(
      `UPDATE "Event" e SET seq = top.n + pending.rn
         FROM (SELECT id, row_number() OVER (ORDER BY age(xmin) DESC, id) AS rn
                 FROM "Event" WHERE seq IS NULL ORDER BY age(xmin) DESC, id LIMIT ?) pending,
              (SELECT COALESCE(MAX(seq), 0) AS n FROM "Event") top
        WHERE e.id = pending.id`,
      [PASS],
    );
    return changes;
  });
}

const timers = globalThis as typeof globalThis & { __rollcallSequencer?: NodeJS.Timeout };

/** Starts numbering in this instance (PostgreSQL only; once per process). */
export function startSequencer(): void {
  if (timers.__rollcallSequencer) return;
  let running = false;
  timers.__rollcallSequencer = setInterval(() => {
    if (running) return;
    running = true;
    sequencePending()
      .catch((error: unknown) => logError("events", "numbering failed", error))
      .finally(() => {
        running = false;
      });
  }, EVERY_MS);
  timers.__rollcallSequencer.unref();
}
