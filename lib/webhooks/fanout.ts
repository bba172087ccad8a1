/**
 * Fan-out: each newly numbered event becomes a delivery to every enabled endpoint whose filters it
 * matches. Each endpoint keeps a high-water mark (`seq`): the events up to it were considered, so
 * an event is considered once per endpoint however many instances run this. Events without a
 * number yet (PostgreSQL numbers them after commit) are never seen: `seq > mark` skips them, and
 * the sequencer never gives a number below one already visible.
 */
import { db } from "@/lib/db";
import { all, get, run, toBool, type SqlClient } from "@/lib/db/sql";
import { insertDeliveries } from "./store";

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

/** One batch for one endpoint: returns how many events it considered (0: none, or another instance is at it). */
function fanOutBatch(sql: SqlClient, endpointId: string): Promise<number> {
  return sql.tx(function* () {
    if (sql.dialect === "postgres") {
      const lock = yield* get<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(?, hashtext(?)) AS locked`,
        [FAN_OUT_LOCK, endpointId],
      );
      if (!lock?.locked) return 0;
    }
    const endpoint = yield* get<EndpointFilter & { seq: number; enabled: unknown }>(
      `SELECT seq, enabled, "eventTypes", "tenantId" FROM "WebhookEndpoint" WHERE id = ?`,
      [endpointId],
    );
    if (!endpoint || !toBool(endpoint.enabled)) return 0;
    const events = yield* all<{ seq: number; type: string; tenantId: string }>(
      `SELECT seq, type, "tenantId" FROM "Event" WHERE seq > ? ORDER BY seq LIMIT ?`,
      [Number(endpoint.seq), BATCH],
    );
    if (events.length === 0) return 0;
    const wanted = events.filter((e) => matches(endpoint, e.type, e.tenantId)).map((e) => Number(e.seq));
    yield* insertDeliveries(endpointId, wanted, "event", new Date());
    yield* run(`UPDATE "WebhookEndpoint" SET seq = ? WHERE id = ?`, [Number(events.at(-1)!.seq), endpointId]);
    return events.length;
  });
}

/** Fans out what is new to every enabled endpoint; returns how many events were considered. */
export async function fanOut(): Promise<number> {
  const { sql } = await db();
  const top = await sql.get<{ n: number | null }>(`SELECT MAX(seq) AS n FROM "Event"`);
  const max = Number(top?.n ?? 0);
  const behind = await sql.all<{ id: string }>(
    `SELECT id FROM "WebhookEndpoint" WHERE enabled = ? AND seq < ?`,
    [true, max],
  );
  let considered = 0;
  for (const { id } of behind) {
    for (let i = 0; i < BATCHES_PER_PASS; i++) {
      const n = await fanOutBatch(sql, id);
      considered += n;
      if (n < BATCH) break;
      // Lets requests in (on SQLite a batch runs synchronously on this thread).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return considered;
}
