/**
 * Replay and test send, for the operator. Replay makes new deliveries to one endpoint of one event
 * (by its public id) or of every event in a time range or an id range, as the endpoint's filters
 * allow; they carry the same webhook-id as the first delivery, so a consumer that deduplicates by
 * it ignores what it already has. A test send posts a `webhook.test` event (not an event of the
 * outbox) to one endpoint at once and reports the answer; it is recorded as a delivery with one
 * attempt, and never retried.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { run } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { parseEventCursor } from "@/lib/events/public";
import { newId } from "@/lib/ids";
import { requestTimeoutMs } from "./config";
import { requireEndpoint } from "./endpoints";
import { matches } from "./fanout";
import { webhookHeaders } from "./message";
import { post, type SendResult } from "./outbound";
import { decryptSecret, SecretUnreadable } from "./secrets";
import { insertAttempts, insertDeliveries } from "./store";

export type ReplaySelection =
  { eventId: string } | { since: Date; until?: Date } | { fromEventId: string; toEventId?: string };

const PAGE = 1000;

function seqOf(id: string, option: string): number {
  const seq = parseEventCursor(id);
  if (seq === null || seq < 1)
    throw new AppError(`${id} is not an event id (evt_ and 16 digits)`, { field: option });
  return seq;
}

/** New deliveries of the selected events to the endpoint; returns how many. */
export async function replay(
  endpointId: string,
  selection: ReplaySelection,
): Promise<{ deliveries: number }> {
  const endpoint = await requireEndpoint(endpointId);
  if (!endpoint.enabled)
    throw new AppError("the endpoint is disabled: enable it first", { field: "endpoint", code: "conflict" });
  const { sql } = await db();
  const filter = { eventTypes: endpoint.eventTypes, tenantId: endpoint.tenantId };

  if ("eventId" in selection) {
    const seq = seqOf(selection.eventId, "eventId");
    const event = await sql.get<{ type: string; tenantId: string }>(
      `SELECT type, "tenantId" FROM "Event" WHERE seq = ?`,
      [seq],
    );
    if (!event)
      throw new AppError(`no event ${selection.eventId} (or no longer kept)`, {
        field: "eventId",
        code: "not_found",
      });
    if (!matches(filter, event.type, event.tenantId)) {
      throw new AppError(`the endpoint's filters exclude ${selection.eventId} (${event.type})`, {
        field: "eventId",
      });
    }
    await sql.tx(() => insertDeliveries(endpointId, [seq], "replay", new Date()));
    return { deliveries: 1 };
  }

  const conditions: string[] = [];
  const params: (number | Date)[] = [];
  if ("since" in selection) {
    conditions.push("at >= ?");
    params.push(selection.since);
    if (selection.until) {
      conditions.push("at < ?");
      params.push(selection.until);
    }
  }
  let cursor = 0;
  if ("since" in selection) {
    // Start at the first event of the range (by the index on its time), not at the oldest kept.
    const first = await sql.get<{ seq: number | string | null }>(
      `SELECT MIN(seq) AS seq FROM "Event" WHERE at >= ? AND seq IS NOT NULL`,
      [selection.since],
    );
    if (first?.seq === null || first?.seq === undefined) return { deliveries: 0 };
    cursor = Number(first.seq) - 1;
  }
  if ("fromEventId" in selection) {
    cursor = seqOf(selection.fromEventId, "fromEventId") - 1;
    if (selection.toEventId) {
      conditions.push("seq <= ?");
      params.push(seqOf(selection.toEventId, "toEventId"));
    }
  }
  let total = 0;
  for (;;) {
    const page = await sql.all<{ seq: number; type: string; tenantId: string }>(
      `SELECT seq, type, "tenantId" FROM "Event" WHERE seq > ? ${conditions.map((c) => `AND ${c}`).join(" ")}
       ORDER BY seq LIMIT ?`,
      [cursor, ...params, PAGE],
    );
    if (page.length === 0) break;
    cursor = Number(page.at(-1)!.seq);
    const wanted = page.filter((e) => matches(filter, e.type, e.tenantId)).map((e) => Number(e.seq));
    if (wanted.length > 0) await sql.tx(() => insertDeliveries(endpointId, wanted, "replay", new Date()));
    total += wanted.length;
    if (page.length < PAGE) break;
  }
  return { deliveries: total };
}

export type TestSend = { webhookId: string; delivered: boolean } & SendResult;

/** Posts a webhook.test event to the endpoint now (enabled or not) and records the attempt. */
export async function sendTest(endpointId: string): Promise<TestSend> {
  const endpoint = await requireEndpoint(endpointId);
  const secrets: string[] = [];
  try {
    secrets.push(decryptSecret(endpoint.secret, endpointId));
    if (
      endpoint.previousSecret &&
      endpoint.previousSecretUntil &&
      endpoint.previousSecretUntil > new Date()
    ) {
      secrets.push(decryptSecret(endpoint.previousSecret, endpointId));
    }
  } catch (error) {
    if (error instanceof SecretUnreadable)
      throw new AppError(error.message, { field: "endpoint", code: "conflict" });
    throw error;
  }
  const at = new Date();
  const id = `evt_test_${randomBytes(8).toString("hex")}`;
  const body = JSON.stringify({
    id,
    seq: null,
    type: "webhook.test",
    tenantId: endpoint.tenantId,
    idpId: null,
    createdAt: at.toISOString(),
    data: {
      endpointId,
      message: "A test event from Rollcall: your endpoint receives and verifies webhooks.",
    },
  });
  const result = await post(endpoint.url, webhookHeaders(id, body, secrets, at), body, requestTimeoutMs());
  const { sql } = await db();
  const deliveryId = newId(at.getTime());
  const state = result.outcome === "delivered" ? "delivered" : "failed";
  await sql.tx(function* () {
    yield* run(
      `INSERT INTO "WebhookDelivery" (id, "endpointId", "eventSeq", kind, state, attempts, "nextAt", "createdAt", "finishedAt", payload)
       VALUES (?, ?, NULL, 'test', ?, 1, ?, ?, ?, ?)`,
      [deliveryId, endpointId, state, at, at, new Date(), body],
    );
    yield* insertAttempts([
      {
        delivery: { id: deliveryId, endpointId, eventSeq: null, kind: "test", attempt: 1, createdAt: at },
        at,
        result,
      },
    ]);
  });
  return { webhookId: id, delivered: state === "delivered", ...result };
}
