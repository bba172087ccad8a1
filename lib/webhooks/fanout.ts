/**
 * Fan-out: each newly numbered event becomes a delivery to every enabled endpoint whose filters it
 * matches. Each endpoint keeps a high-water mark (`seq`): the events up to it were considered, so
 * an event is considered once per endpoint however many instances run this. Events without a
 * number yet (PostgreSQL numbers them after commit) are never seen: `seq > mark` skips them, and
 * the sequencer never gives a number below one already visible.
 *
 * The instance that fans events out takes as many of the new deliveries as it has room for,
 * created already claimed (./store.ts insertDeliveries): in the steady state an event goes from
 * commit to its request without a claim statement in between. The rest wait, due, for any instance.
 */
import { db } from "@/lib/db";
import { all, get, run, toBool, toDate, type SqlClient } from "@/lib/db/sql";
import type { EventRow } from "@/lib/events/public";
import { insertDeliveries, type Claimed } from "./store";

const BATCH = 1000;
/** Batches per endpoint per pass; the rest waits for the next pass. */
const BATCHES_PER_PASS = 20;
const FAN_OUT_LOCK = 7_265_729; // with the endpoint's hash: "rollcall webhook fan-out"

export type EndpointFilter = { eventTypes: string | null; tenantId: string | null };

/** Whether an endpoint with these filters receives an event of `type` from `tenantId`. */
export function matches(filter: EndpointFilter, type: string, tenantId: string): boolean {
  if (filter.tenantId !== null && filter.tenantId !== tenantId) return false;
  return filter.eventTypes === null || filter.eventTypes.split(",").includes(type);
}

/** A delivery this instance created claimed, with its event. */
export type Taken = { claimed: Claimed; event: EventRow };

type Row = Omit<EventRow, "at" | "seq" | "idpId" | "data"> & {
  seq: number | string;
  idpId?: string | null;
  at?: unknown;
  data?: string;
};

/**
 * One batch for one endpoint, taking at most `room` of its deliveries: returns how many events it
 * considered (0: none, or another instance is at it) and the deliveries taken.
 */
function fanOutBatch(
  sql: SqlClient,
  endpointId: string,
  room: number,
  leaseMs: number,
): Promise<{ considered: number; taken: Taken[] }> {
  return sql.tx(function* () {
    const none = { considered: 0, taken: [] };
    if (sql.dialect === "postgres") {
      const lock = yield* get<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(?, hashtext(?)) AS locked`,
        [FAN_OUT_LOCK, endpointId],
      );
      if (!lock?.locked) return none;
    }
    const endpoint = yield* get<EndpointFilter & { seq: number; enabled: unknown }>(
      `SELECT seq, enabled, "eventTypes", "tenantId" FROM "WebhookEndpoint" WHERE id = ?`,
      [endpointId],
    );
    if (!endpoint || !toBool(endpoint.enabled)) return none;
    // The whole event only when some may be taken (then it is sent at once).
    const columns = room > 0 ? `seq, type, "tenantId", "idpId", at, data` : `seq, type, "tenantId"`;
    const events = yield* all<Row>(`SELECT ${columns} FROM "Event" WHERE seq > ? ORDER BY seq LIMIT ?`, [
      Number(endpoint.seq),
      BATCH,
    ]);
    if (events.length === 0) return none;
    const wanted = events.filter((e) => matches(endpoint, e.type, e.tenantId));
    const now = new Date();
    const claim = { count: Math.min(room, wanted.length), until: new Date(now.getTime() + leaseMs) };
    const claimed = yield* insertDeliveries(
      endpointId,
      wanted.map((e) => Number(e.seq)),
      "event",
      now,
      claim,
    );
    yield* run(`UPDATE "WebhookEndpoint" SET seq = ? WHERE id = ?`, [Number(events.at(-1)!.seq), endpointId]);
    const taken = claimed.map((c, i) => {
      const e = wanted[i]!;
      const event = { ...e, seq: Number(e.seq), idpId: e.idpId ?? null, at: toDate(e.at)!, data: e.data! };
      return { claimed: c, event };
    });
    return { considered: events.length, taken };
  });
}

/**
 * Fans out what is new to every enabled endpoint. `room(endpointId)` says how many of an
 * endpoint's new deliveries this instance takes, claimed for `leaseMs`; returns how many events
 * were considered and the deliveries taken.
 */
export async function fanOut(
  room: (endpointId: string) => number = () => 0,
  leaseMs = 0,
): Promise<{ considered: number; taken: Taken[] }> {
  const { sql } = await db();
  const top = await sql.get<{ n: number | null }>(`SELECT MAX(seq) AS n FROM "Event"`);
  const max = Number(top?.n ?? 0);
  const behind = await sql.all<{ id: string }>(
    `SELECT id FROM "WebhookEndpoint" WHERE enabled = ? AND seq < ?`,
    [true, max],
  );
  let considered = 0;
  const taken: Taken[] = [];
  for (const { id } of behind) {
    let left = Math.max(0, room(id));
    for (let i = 0; i < BATCHES_PER_PASS; i++) {
      const batch = await fanOutBatch(sql, id, left, leaseMs);
      considered += batch.considered;
      taken.push(...batch.taken);
      left -= batch.taken.length;
      if (batch.considered < BATCH) break;
      // Lets requests in (on SQLite a batch runs synchronously on this thread).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { considered, taken };
}
