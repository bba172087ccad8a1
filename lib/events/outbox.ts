/**
 * The outbox: events are written by the unit of work that makes the change (`yield*
 * recordEvents(…)` inside `sql.tx`), so they commit or roll back with it, on both databases and
 * across a crash. Their public order is `seq`, commit order:
 *   SQLite  write transactions run one at a time, so an event takes the next number at insert.
 *   PostgreSQL  transactions commit in any order; an event is inserted without a number and the
 *               sequencer (./sequencer.ts) numbers committed events in a single pass at a time, so a
 *               reader that has seen number n never later meets a smaller one.
 * ROLLCALL_EVENTS=off stops recording (for an installation that does not use them).
 */
import { get, run, type Dialect, type Work } from "@/lib/db/sql";
import { newIds } from "@/lib/ids";
import { env } from "@/lib/env";

export type NewEvent = {
  tenantId: string;
  type: string;
  idpId: string | null;
  data: unknown;
};

export function eventsEnabled(): boolean {
  return env().ROLLCALL_EVENTS !== "off";
}

const ROWS_PER_INSERT = 100;

let lastIdMs = 0;

/** Writes events in the caller's transaction, in the order given. */
export function* recordEvents(dialect: Dialect, events: NewEvent[]): Work<void> {
  if (events.length === 0 || !eventsEnabled()) return;
  const now = new Date();
  // Ids that sort in the order given: the sequencer keeps a transaction's events in that order. A
  // later call gets a later millisecond than the one before, so a transaction that records events
  // in several calls (a group's, then its members' role changes) keeps them in that order too.
  lastIdMs = Math.max(now.getTime(), lastIdMs + 1);
  const ids = newIds(events.length, lastIdMs);
  let next =
    dialect === "sqlite"
      ? Number((yield* get<{ n: number | null }>(`SELECT MAX(seq) AS n FROM "Event"`))?.n ?? 0) + 1
      : null;
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    const part = events.slice(i, i + ROWS_PER_INSERT);
    const params = part.flatMap((e, j) => {
      const seq = next === null ? null : next++;
      return [ids[i + j]!, seq, e.tenantId, now, e.type, e.idpId, JSON.stringify(e.data)];
    });
    yield* run(
      `INSERT INTO "Event" (id, seq, "tenantId", at, type, "idpId", data) VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      params,
    );
  }
}

/** One event, in the caller's transaction. */
export function* recordEvent(dialect: Dialect, event: NewEvent): Work<void> {
  yield* recordEvents(dialect, [event]);
}
