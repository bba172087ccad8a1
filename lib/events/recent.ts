/**
 * The events newest first, for the operator console's events stream: a page of numbered events
 * before a cursor (`before`, a `seq`), optionally of one tenant and some types. Like the events
 * API's pages (./feed.ts) a page reads at most SCAN_WINDOW numbers of the log, so a rare type costs
 * a bounded read; `older` is where the next page starts (null at the oldest event kept).
 */
import { db } from "@/lib/db";
import { toDate, type SqlValue } from "@/lib/db/sql";
import { eventId, SCAN_WINDOW, type StoredEvent } from "./feed";
import type { EventType } from "./types";

export type RecentPage = {
  events: StoredEvent[];
  /** The cursor of the next, older page (events numbered below it); null: nothing older is kept. */
  older: number | null;
  /** How far back this page looked (its events and the numbers it scanned are all at or above it). */
  scannedFrom: number;
};

type Row = {
  seq: number | string;
  type: string;
  tenantId: string;
  idpId: string | null;
  at: unknown;
  data: string;
};

const num = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

export async function readRecentEvents(options: {
  /** Events numbered below this (none: from the newest). */
  before?: number;
  limit: number;
  tenantId?: string;
  types?: readonly EventType[];
}): Promise<RecentPage> {
  const { sql } = await db();
  const bounds = await sql.get<{ lo: number | string | null; hi: number | string | null }>(
    `SELECT (SELECT MIN(seq) FROM "Event") AS lo, (SELECT MAX(seq) FROM "Event") AS hi`,
  );
  const lo = num(bounds?.lo);
  const hi = num(bounds?.hi);
  if (lo === null || hi === null) return { events: [], older: null, scannedFrom: 0 };
  const before = Math.min(options.before ?? hi + 1, hi + 1);
  const from = Math.max(lo, before - SCAN_WINDOW);
  const where = [`seq < ?`, `seq >= ?`];
  const params: SqlValue[] = [before, from];
  if (options.tenantId !== undefined) {
    where.push(`"tenantId" = ?`);
    params.push(options.tenantId);
  }
  if (options.types && options.types.length > 0) {
    where.push(`type IN (${options.types.map(() => "?").join(", ")})`);
    params.push(...options.types);
  }
  const rows = await sql.all<Row>(
    `SELECT seq, type, "tenantId", "idpId", at, data FROM "Event" WHERE ${where.join(" AND ")} ORDER BY seq DESC LIMIT ?`,
    [...params, options.limit],
  );
  const events = rows.map((r) => {
    const seq = Number(r.seq);
    return {
      id: eventId(seq),
      seq,
      type: r.type,
      tenantId: r.tenantId,
      idpId: r.idpId,
      createdAt: toDate(r.at)!.toISOString(),
      data: JSON.parse(r.data) as unknown,
    };
  });
  const full = events.length === options.limit;
  const older = full ? events[events.length - 1]!.seq : from;
  return { events, older: older > lo ? older : null, scannedFrom: full ? older : from };
}
