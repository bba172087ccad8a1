/**
 * The read side of webhooks, for the operator (CLI, management API, console): endpoints with their
 * health — enabled or why not, failing since when, last success, deliveries by state, the last
 * attempt — and an endpoint's delivery log, newest first, keyset-paged. Never a secret.
 */
import { db, type Prisma } from "@/lib/db";
import { afterId } from "@/lib/db/keyset";
import { toDate, type SqlValue } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { eventId } from "@/lib/events/public";
import type { DeliveryKind, DeliveryState } from "./store";

export type DeliveryCounts = { pending: number; delivered: number; failed: number };

export type AttemptView = {
  id: string;
  at: string;
  /** The webhook-id sent: the event's id (evt_…), or a test send's. */
  webhookId: string | null;
  /** The event's type (webhook.test for a test send); null once the event is no longer kept. */
  eventType: string | null;
  kind: DeliveryKind;
  attempt: number;
  outcome: string;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string;
  /** The delivery's state now. */
  deliveryState: DeliveryState;
};

export type EndpointView = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[] | null;
  tenantId: string | null;
  enabled: boolean;
  disabledAt: string | null;
  /** "operator" (disabled on request) or "failing" (failed throughout the retry window). */
  disabledReason: "operator" | "failing" | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
  deliveries: DeliveryCounts;
  lastAttempt: Omit<
    AttemptView,
    "id" | "webhookId" | "eventType" | "kind" | "attempt" | "deliveryState"
  > | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function notFound(endpointId: string): AppError {
  return new AppError(`no webhook endpoint with id ${endpointId}`, { field: "endpoint", code: "not_found" });
}

type EndpointRow = Awaited<ReturnType<Prisma["webhookEndpoint"]["findMany"]>>[number];

async function viewsOf(endpoints: readonly EndpointRow[]): Promise<EndpointView[]> {
  const { prisma } = await db();
  const ids = endpoints.map((e) => e.id);
  const counts = await prisma.webhookDelivery.groupBy({
    by: ["endpointId", "state"],
    // Test sends are in the delivery log, not in these counts.
    where: { endpointId: { in: ids }, kind: { not: "test" } },
    _count: { _all: true },
  });
  const lastAttempts = await Promise.all(
    ids.map((endpointId) =>
      prisma.webhookAttempt.findFirst({ where: { endpointId }, orderBy: [{ at: "desc" }, { id: "desc" }] }),
    ),
  );
  const now = Date.now();
  return endpoints.map((e, i) => {
    const count = (state: string) =>
      counts.find((c) => c.endpointId === e.id && c.state === state)?._count._all ?? 0;
    const last = lastAttempts[i];
    return {
      id: e.id,
      url: e.url,
      description: e.description,
      eventTypes: e.eventTypes ? e.eventTypes.split(",") : null,
      tenantId: e.tenantId,
      enabled: e.enabled,
      disabledAt: iso(e.disabledAt),
      disabledReason:
        e.disabledReason === "failing" || e.disabledReason === "operator" ? e.disabledReason : null,
      failingSince: iso(e.failingSince),
      lastSuccessAt: iso(e.lastSuccessAt),
      previousSecretValidUntil:
        e.previousSecretUntil && e.previousSecretUntil.getTime() > now ? iso(e.previousSecretUntil) : null,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
      deliveries: { pending: count("pending"), delivered: count("delivered"), failed: count("failed") },
      lastAttempt: last
        ? {
            at: last.at.toISOString(),
            outcome: last.outcome,
            statusCode: last.statusCode,
            latencyMs: last.latencyMs,
            excerpt: last.excerpt,
          }
        : null,
    };
  });
}

/**
 * Endpoints in the order they were added (ids sort by creation), after the endpoint `after`:
 * `limit` of them at most.
 */
export async function endpointsPage(after: string | undefined, limit: number): Promise<EndpointView[]> {
  const { prisma } = await db();
  const endpoints = await prisma.webhookEndpoint.findMany(afterId(after, limit));
  return viewsOf(endpoints);
}

/** One endpoint with its health; not_found when there is none. */
export async function endpointView(endpointId: string): Promise<EndpointView> {
  const { prisma } = await db();
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id: endpointId } });
  if (!endpoint) throw notFound(endpointId);
  return (await viewsOf([endpoint]))[0]!;
}

type AttemptRow = {
  id: string;
  at: unknown;
  attempt: number;
  outcome: string;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string;
  eventSeq: number | string | null;
  kind: string;
  state: string;
  payload: string | null;
  eventType: string | null;
};

/** A test send's id, from the body it posted. */
function testId(payload: string | null): string | null {
  const id = (JSON.parse(payload ?? "{}") as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
}

/**
 * An endpoint's delivery log, newest first: `limit` attempts after the position `before` (the
 * `[at, id]` of the last attempt of the previous page), optionally only those of one event.
 */
export async function attemptsPage(
  endpointId: string,
  options: { before?: readonly [string, string]; limit: number; eventSeq?: number },
): Promise<AttemptView[]> {
  const { prisma, sql } = await db();
  const exists = await prisma.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } });
  if (!exists) throw notFound(endpointId);
  const where = [`a."endpointId" = ?`];
  const params: SqlValue[] = [endpointId];
  if (options.before) {
    const at = new Date(options.before[0]);
    where.push(`(a.at < ? OR (a.at = ? AND a.id < ?))`);
    params.push(at, at, options.before[1]);
  }
  if (options.eventSeq !== undefined) {
    where.push(`d."eventSeq" = ?`);
    params.push(options.eventSeq);
  }
  const rows = await sql.all<AttemptRow>(
    `SELECT a.id, a.at, a.attempt, a.outcome, a."statusCode", a."latencyMs", a.excerpt,
            d."eventSeq", d.kind, d.state, d.payload, e.type AS "eventType"
       FROM "WebhookAttempt" a JOIN "WebhookDelivery" d ON d.id = a."deliveryId"
       LEFT JOIN "Event" e ON e.seq = d."eventSeq"
      WHERE ${where.join(" AND ")}
      ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    [...params, options.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: toDate(r.at)!.toISOString(),
    webhookId: r.eventSeq !== null ? eventId(Number(r.eventSeq)) : testId(r.payload),
    eventType: r.kind === "test" ? "webhook.test" : r.eventType,
    kind: r.kind as DeliveryKind,
    attempt: Number(r.attempt),
    outcome: r.outcome,
    statusCode: r.statusCode === null ? null : Number(r.statusCode),
    latencyMs: Number(r.latencyMs),
    excerpt: r.excerpt,
    deliveryState: r.state as DeliveryState,
  }));
}
