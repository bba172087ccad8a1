/**
 * The delivery tables, written through the SQL layer (decision 0006): creating deliveries, claiming
 * due ones, reading their events, and recording attempts with what follows from them (delivered,
 * retried later, failed; the endpoint's health, and disabling an endpoint that failed throughout).
 *
 * A claim is a lease: it moves the delivery's `nextAt` past the lease and counts the attempt, in
 * one statement (on PostgreSQL with FOR UPDATE SKIP LOCKED, so instances claiming at once take
 * different rows). An instance that dies holding a claim only delays that attempt until the lease
 * ends; then any instance takes it again.
 */
import { all, get, run, toDate, type SqlClient, type Work } from "@/lib/db/sql";
import { recordEvent } from "@/lib/events/outbox";
import { newIds } from "@/lib/ids";
import { nextAttemptAt, retryPolicy } from "./config";
import type { EventRow } from "@/lib/events/public";
import type { SendResult } from "./outbound";

export type DeliveryKind = "event" | "replay" | "test";
export type DeliveryState = "pending" | "delivered" | "failed";

const ROWS_PER_INSERT = 100;

/**
 * New pending deliveries of events (by seq) to one endpoint, due at once — except the first
 * `claim.count`, which are created already claimed by the caller (their first attempt counted and
 * leased until `claim.until`, as claimDue would): the instance that fans an event out sends it,
 * without a claim statement of its own. Returns the claimed ones.
 */
export function* insertDeliveries(
  endpointId: string,
  seqs: readonly number[],
  kind: DeliveryKind,
  now: Date,
  claim: { count: number; until: Date } = { count: 0, until: now },
): Work<Claimed[]> {
  const ids = newIds(seqs.length, now.getTime());
  for (let i = 0; i < seqs.length; i += ROWS_PER_INSERT) {
    const part = seqs.slice(i, i + ROWS_PER_INSERT);
    yield* run(
      `INSERT INTO "WebhookDelivery" (id, "endpointId", "eventSeq", kind, state, attempts, "nextAt", "createdAt")
       VALUES ${part.map(() => "(?, ?, ?, ?, 'pending', ?, ?, ?)").join(", ")}`,
      part.flatMap((seq, j) => {
        const claimed = i + j < claim.count;
        return [ids[i + j]!, endpointId, seq, kind, claimed ? 1 : 0, claimed ? claim.until : now, now];
      }),
    );
  }
  return seqs.slice(0, claim.count).map((seq, i) => ({
    id: ids[i]!,
    endpointId,
    eventSeq: seq,
    kind,
    attempt: 1,
    createdAt: now,
  }));
}

export type Claimed = {
  id: string;
  endpointId: string;
  eventSeq: number | null;
  kind: DeliveryKind;
  /** This attempt's number (1 = first). */
  attempt: number;
  createdAt: Date;
};

type ClaimRow = { id: string; eventSeq: number | null; kind: string; attempts: number; createdAt: unknown };

/** Claims up to `limit` due deliveries of one endpoint for `leaseMs`. */
export async function claimDue(
  sql: SqlClient,
  endpointId: string,
  limit: number,
  leaseMs: number,
  now = new Date(),
): Promise<Claimed[]> {
  const params = [new Date(now.getTime() + leaseMs), endpointId, now, limit];
  // SQLite's RETURNING takes no table alias.
  const returning = (d: string) =>
    `RETURNING ${d}id, ${d}"eventSeq", ${d}kind, ${d}attempts, ${d}"createdAt"`;
  const rows =
    sql.dialect === "postgres"
      ? await sql.all<ClaimRow>(
          `UPDATE "WebhookDelivery" d SET "nextAt" = ?, attempts = d.attempts + 1
             FROM (SELECT id FROM "WebhookDelivery"
                    WHERE "endpointId" = ? AND state = 'pending' AND "nextAt" <= ?
                    ORDER BY "nextAt", id LIMIT ? FOR UPDATE SKIP LOCKED) due
            WHERE d.id = due.id ${returning("d.")}`,
          params,
        )
      : await sql.all<ClaimRow>(
          `UPDATE "WebhookDelivery" SET "nextAt" = ?, attempts = attempts + 1
            WHERE id IN (SELECT id FROM "WebhookDelivery"
                          WHERE "endpointId" = ? AND state = 'pending' AND "nextAt" <= ?
                          ORDER BY "nextAt", id LIMIT ?) ${returning("")}`,
          params,
        );
  return rows
    .map((r) => ({
      id: r.id,
      endpointId,
      eventSeq: r.eventSeq === null ? null : Number(r.eventSeq),
      kind: r.kind as DeliveryKind,
      attempt: Number(r.attempts),
      createdAt: toDate(r.createdAt)!,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

type StoredEvent = Omit<EventRow, "at" | "seq"> & { seq: number | string; at: unknown };

/** The events numbered `seqs` (those still kept), by seq. */
export async function eventsBySeq(sql: SqlClient, seqs: readonly number[]): Promise<Map<number, EventRow>> {
  const out = new Map<number, EventRow>();
  for (let i = 0; i < seqs.length; i += 500) {
    const part = seqs.slice(i, i + 500);
    const rows = await sql.all<StoredEvent>(
      `SELECT seq, type, "tenantId", "idpId", at, data FROM "Event" WHERE seq IN (${part.map(() => "?").join(", ")})`,
      part,
    );
    for (const r of rows) out.set(Number(r.seq), { ...r, seq: Number(r.seq), at: toDate(r.at)! });
  }
  return out;
}

export type Finished = {
  delivery: Claimed;
  at: Date;
  result: SendResult;
  /** No later attempt can succeed (the event is no longer kept): failed now. */
  final?: boolean;
};

export function* insertAttempts(finished: readonly Finished[]): Work<void> {
  const ids = newIds(finished.length);
  for (let i = 0; i < finished.length; i += ROWS_PER_INSERT) {
    const part = finished.slice(i, i + ROWS_PER_INSERT);
    yield* run(
      `INSERT INTO "WebhookAttempt" (id, "deliveryId", "endpointId", attempt, at, outcome, "statusCode", "latencyMs", excerpt)
       VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      part.flatMap((f, j) => [
        ids[i + j]!,
        f.delivery.id,
        f.delivery.endpointId,
        f.delivery.attempt,
        f.at,
        f.result.outcome,
        f.result.statusCode,
        f.result.latencyMs,
        f.result.excerpt,
      ]),
    );
  }
}

/** An endpoint's health after successes: written at most once a second per endpoint. */
function* noteSuccess(endpointId: string, now: Date): Work<void> {
  yield* run(
    `UPDATE "WebhookEndpoint" SET "failingSince" = NULL, "lastSuccessAt" = ?
      WHERE id = ? AND ("failingSince" IS NOT NULL OR "lastSuccessAt" IS NULL OR "lastSuccessAt" < ?)`,
    [now, endpointId, new Date(now.getTime() - 1000)],
  );
}

/**
 * An endpoint whose every attempt failed since `since`. It is disabled (and a
 * webhook_endpoint.disabled event recorded) when that has lasted the whole retry window, or when a
 * delivery of it ran out of retries (`exhausted`) without a success anywhere since its first
 * attempt: every success clears `failingSince`, so it is at or before that attempt only then.
 */
function* noteFailure(
  sql: SqlClient,
  endpointId: string,
  since: Date,
  exhausted: readonly string[],
  now: Date,
): Work<void> {
  yield* run(`UPDATE "WebhookEndpoint" SET "failingSince" = ? WHERE id = ? AND "failingSince" IS NULL`, [
    since,
    endpointId,
  ]);
  let threshold = new Date(now.getTime() - retryPolicy().windowMs);
  if (exhausted.length > 0) {
    const first = yield* get<{ at: unknown }>(
      `SELECT MAX(first) AS at FROM (SELECT MIN(at) AS first FROM "WebhookAttempt"
         WHERE "deliveryId" IN (${exhausted.map(() => "?").join(", ")}) GROUP BY "deliveryId") f`,
      exhausted,
    );
    const at = toDate(first?.at);
    if (at && at > threshold) threshold = at;
  }
  const failing = yield* get<{
    url: string;
    description: string;
    tenantId: string | null;
    failingSince: unknown;
  }>(
    `SELECT url, description, "tenantId", "failingSince" FROM "WebhookEndpoint"
      WHERE id = ? AND enabled = ? AND "failingSince" <= ?`,
    [endpointId, true, threshold],
  );
  if (!failing) return;
  yield* run(
    `UPDATE "WebhookEndpoint" SET enabled = ?, "disabledAt" = ?, "disabledReason" = 'failing', "updatedAt" = ?
      WHERE id = ?`,
    [false, now, now, endpointId],
  );
  const url = new URL(failing.url);
  yield* recordEvent(sql.dialect, {
    // An operator-level event: the endpoint's tenant when it has one, else none ("").
    tenantId: failing.tenantId ?? "",
    type: "webhook_endpoint.disabled",
    idpId: null,
    data: {
      endpoint: { id: endpointId, origin: url.origin, description: failing.description },
      reason: "failing",
      failingSince: toDate(failing.failingSince)!.toISOString(),
    },
  });
}

/**
 * Records finished attempts and their consequences in one transaction. Attempts of deliveries
 * removed meanwhile (their endpoint was deleted) are dropped.
 */
export async function recordFinished(
  sql: SqlClient,
  finished: readonly Finished[],
  now = new Date(),
): Promise<void> {
  if (finished.length === 0) return;
  const policy = retryPolicy();
  await sql.tx(function* () {
    const ids = finished.map((f) => f.delivery.id);
    const present = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = yield* all<{ id: string }>(
        `SELECT id FROM "WebhookDelivery" WHERE id IN (${part.map(() => "?").join(", ")})`,
        part,
      );
      for (const r of rows) present.add(r.id);
    }
    const kept = finished.filter((f) => present.has(f.delivery.id));
    yield* insertAttempts(kept);
    const delivered = kept.filter((f) => f.result.outcome === "delivered");
    for (let i = 0; i < delivered.length; i += 500) {
      const part = delivered.slice(i, i + 500);
      yield* run(
        `UPDATE "WebhookDelivery" SET state = 'delivered', "finishedAt" = ?
          WHERE state = 'pending' AND id IN (${part.map(() => "?").join(", ")})`,
        [now, ...part.map((f) => f.delivery.id)],
      );
    }
    const failedSince = new Map<string, Date>();
    const exhausted = new Map<string, string[]>();
    const succeeded = new Set<string>();
    for (const f of kept) {
      if (f.delivery.kind === "test") continue;
      if (f.result.outcome === "delivered") {
        succeeded.add(f.delivery.endpointId);
        continue;
      }
      const next = f.final ? null : nextAttemptAt(f.delivery.attempt, f.delivery.createdAt, f.at, policy);
      // Only the claim that made this attempt may move it on (a lease that ran out was taken over).
      yield* run(
        next
          ? `UPDATE "WebhookDelivery" SET "nextAt" = ? WHERE id = ? AND attempts = ? AND state = 'pending'`
          : `UPDATE "WebhookDelivery" SET state = 'failed', "finishedAt" = ?
              WHERE id = ? AND attempts = ? AND state = 'pending'`,
        [next ?? now, f.delivery.id, f.delivery.attempt],
      );
      if (!next && !f.final) {
        exhausted.set(f.delivery.endpointId, [
          ...(exhausted.get(f.delivery.endpointId) ?? []),
          f.delivery.id,
        ]);
      }
      const since = failedSince.get(f.delivery.endpointId);
      if (!since || f.at < since) failedSince.set(f.delivery.endpointId, f.at);
    }
    for (const endpointId of succeeded) yield* noteSuccess(endpointId, now);
    for (const [endpointId, since] of failedSince) {
      if (succeeded.has(endpointId)) continue;
      yield* noteFailure(sql, endpointId, since, exhausted.get(endpointId) ?? [], now);
    }
  });
}
