/**
 * Reading the events in their public order (`seq`, commit order), for the events API: a page after
 * a cursor, optionally of one tenant and some types. Only numbered events are ever read (on
 * PostgreSQL an event has no number until the sequencer gives it one after commit), and a page
 * never reaches past the highest number it saw at its start — so every event a later page returns
 * is numbered after any cursor handed out before, and a reader that follows `next` meets every
 * event exactly once, in order.
 *
 * The public id of an event is `evt_` + its number, zero-padded to 16 digits (webhooks use it too).
 */
import { db } from "@/lib/db";
import { toDate, type SqlValue } from "@/lib/db/sql";
import { eventOf, type StoredEvent } from "./public";
import type { EventType } from "./types";

export { eventId, parseEventCursor, type StoredEvent } from "./public";

/** A page scans at most this many numbers of the log, so a rare filter costs a bounded read. */
export const SCAN_WINDOW = 100_000;

export type EventPage = {
  events: StoredEvent[];
  /** The cursor to continue from: the last event returned, or the end of what this page scanned. */
  next: number;
  /** More numbered events exist after `next` (ask again at once); false: wait and poll. */
  hasMore: boolean;
};

/** The cursor is older than the oldest event kept, or newer than the newest: some events are not here. */
export class CursorGone extends Error {
  override readonly name = "CursorGone";
}

type Row = {
  seq: number | string;
  type: string;
  tenantId: string;
  idpId: string | null;
  at: unknown;
  data: string;
};

/** The cursor of the newest numbered event (0 when there is none): where "from now on" starts. */
export async function newestCursor(): Promise<number> {
  const { sql } = await db();
  const row = await sql.get<{ hi: number | string | null }>(`SELECT MAX(seq) AS hi FROM "Event"`);
  return row?.hi === null || row?.hi === undefined ? 0 : Number(row.hi);
}

export async function readEvents(options: {
  after: number;
  limit: number;
  tenantId?: string;
  types?: readonly EventType[];
}): Promise<EventPage> {
  const { sql } = await db();
  const bounds = await sql.get<{ lo: number | string | null; hi: number | string | null }>(
    // Each bound its own subquery: both databases then read it from the end of the seq index.
    `SELECT (SELECT MIN(seq) FROM "Event") AS lo, (SELECT MAX(seq) FROM "Event") AS hi`,
  );
  const lo = bounds?.lo === null || bounds?.lo === undefined ? null : Number(bounds.lo);
  const hi = bounds?.hi === null || bounds?.hi === undefined ? 0 : Number(bounds.hi);
  const { after } = options;
  // Events were pruned after this cursor (retention), or the cursor is not from this log.
  if (after > hi || (after > 0 && lo !== null && after < lo - 1)) {
    throw new CursorGone(
      after > hi
        ? `No event has the number ${after} yet: this cursor does not come from this installation's log`
        : `Events after ${after} up to ${lo! - 1} are no longer kept (retention)`,
    );
  }
  const until = Math.min(hi, after + SCAN_WINDOW);
  const where = [`seq > ?`, `seq <= ?`];
  const params: SqlValue[] = [after, until];
  if (options.tenantId !== undefined) {
    where.push(`"tenantId" = ?`);
    params.push(options.tenantId);
  }
  if (options.types && options.types.length > 0) {
    where.push(`type IN (${options.types.map(() => "?").join(", ")})`);
    params.push(...options.types);
  }
  const rows = await sql.all<Row>(
    `SELECT seq, type, "tenantId", "idpId", at, data FROM "Event" WHERE ${where.join(" AND ")} ORDER BY seq LIMIT ?`,
    [...params, options.limit],
  );
  const events = rows.map((r) => eventOf({ ...r, seq: Number(r.seq), at: toDate(r.at)! }));
  const full = events.length === options.limit;
  const next = full ? events[events.length - 1]!.seq : until;
  return { events, next, hasMore: next < hi };
}
