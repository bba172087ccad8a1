/**
 * Webhook endpoints, the operator's (CLI, and later the console and the management API): add with
 * a new signing secret shown once, list with each endpoint's health, enable or disable, rotate the
 * secret (the old one keeps signing for 24 hours), remove. An endpoint receives the events
 * committed after it was added (older ones: replay).
 */
import { z } from "zod";
import { db } from "@/lib/db";
import { run } from "@/lib/db/sql";
import { DomainError } from "@/lib/errors";
import { EVENT_TYPES, isEventType } from "@/lib/events/types";
import { newId } from "@/lib/ids";
import { privateAddressesAllowed } from "./address";
import { publicEventId } from "./message";
import { hostOf, RefusedAddress, resolveChecked } from "./outbound";
import { encryptSecret, generateSecret } from "./secrets";

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** Checks a webhook URL as given by the operator; returns it normalised. */
export async function checkEndpointUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DomainError("not a URL", "url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new DomainError("a webhook URL starts with https:// (or http://)", "url");
  }
  if (url.username || url.password) {
    throw new DomainError(
      "a webhook URL cannot carry a user name or password (they would be stored and shown in clear): receivers authenticate Rollcall by its signature",
      "url",
    );
  }
  url.hash = "";
  const host = hostOf(url);
  try {
    await resolveChecked(host);
  } catch (error) {
    if (error instanceof RefusedAddress) {
      throw new DomainError(
        `${error.message}${privateAddressesAllowed() ? "" : " (WEBHOOK_ALLOW_PRIVATE=1 allows private addresses)"}`,
        "url",
      );
    }
    throw new DomainError(`${host} does not resolve to an address`, "url");
  }
  return url.toString();
}

const endpointInput = z.object({
  url: z.string().min(1).max(2048),
  eventTypes: z
    .array(z.string())
    .optional()
    .refine((types) => !types || types.every(isEventType), {
      message: `unknown event type; known: ${Object.keys(EVENT_TYPES).join(", ")}`,
    }),
  tenantId: z.string().min(1).optional(),
  description: z.string().max(500).optional(),
});

export type EndpointInput = z.input<typeof endpointInput>;

export async function addEndpoint(input: EndpointInput): Promise<{ endpointId: string; secret: string }> {
  const parsed = endpointInput.parse(input);
  const url = await checkEndpointUrl(parsed.url);
  const { prisma } = await db();
  if (parsed.tenantId && !(await prisma.tenant.findUnique({ where: { id: parsed.tenantId } }))) {
    throw new DomainError(`no tenant with id ${parsed.tenantId}`, "tenantId", "not_found");
  }
  const latest = await prisma.event.aggregate({ _max: { seq: true } });
  const id = newId();
  const secret = generateSecret();
  await prisma.webhookEndpoint.create({
    data: {
      id,
      url,
      description: parsed.description ?? "",
      eventTypes: parsed.eventTypes?.length ? [...new Set(parsed.eventTypes)].join(",") : null,
      tenantId: parsed.tenantId ?? null,
      secret: encryptSecret(secret, id),
      seq: latest._max.seq ?? 0n,
    },
  });
  return { endpointId: id, secret };
}

export type EndpointStatus = {
  endpointId: string;
  url: string;
  description: string;
  eventTypes: string[] | null;
  tenantId: string | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  previousSecretValidUntil: string | null;
  createdAt: string;
  updatedAt: string;
  deliveries: { pending: number; delivered: number; failed: number };
  lastAttempt: { at: string; outcome: string; statusCode: number | null; excerpt: string } | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function listEndpoints(endpointId?: string): Promise<EndpointStatus[]> {
  const { prisma } = await db();
  const endpoints = await prisma.webhookEndpoint.findMany({
    where: endpointId ? { id: endpointId } : {},
    orderBy: { createdAt: "asc" },
  });
  const counts = await prisma.webhookDelivery.groupBy({
    by: ["endpointId", "state"],
    // Test sends are in the delivery log, not in these counts.
    where: { endpointId: { in: endpoints.map((e) => e.id) }, kind: { not: "test" } },
    _count: { _all: true },
  });
  const out: EndpointStatus[] = [];
  for (const e of endpoints) {
    const count = (state: string) =>
      counts.find((c) => c.endpointId === e.id && c.state === state)?._count._all ?? 0;
    const last = await prisma.webhookAttempt.findFirst({
      where: { endpointId: e.id },
      orderBy: { at: "desc" },
    });
    const now = Date.now();
    out.push({
      endpointId: e.id,
      url: e.url,
      description: e.description,
      eventTypes: e.eventTypes ? e.eventTypes.split(",") : null,
      tenantId: e.tenantId,
      enabled: e.enabled,
      disabledAt: iso(e.disabledAt),
      disabledReason: e.disabledReason,
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
            excerpt: last.excerpt,
          }
        : null,
    });
  }
  return out;
}

export async function requireEndpoint(endpointId: string) {
  const { prisma } = await db();
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id: endpointId } });
  if (!endpoint) throw new DomainError(`no webhook endpoint with id ${endpointId}`, "endpoint", "not_found");
  return endpoint;
}

/** Removes an endpoint with its deliveries and their attempts. */
export async function removeEndpoint(endpointId: string): Promise<{ removed: string }> {
  const { prisma } = await db();
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id: endpointId } });
  if (count === 0)
    throw new DomainError(`no webhook endpoint with id ${endpointId}`, "endpoint", "not_found");
  return { removed: endpointId };
}

/** A new signing secret (shown once); the current one keeps signing too for ROTATION_OVERLAP_MS. */
export async function rotateSecret(
  endpointId: string,
): Promise<{ endpointId: string; secret: string; previousSecretValidUntil: string }> {
  const endpoint = await requireEndpoint(endpointId);
  const secret = generateSecret();
  const until = new Date(Date.now() + ROTATION_OVERLAP_MS);
  const { prisma } = await db();
  // Conditional on the secret read: of two rotations at once, one wins and the other is refused.
  const { count } = await prisma.webhookEndpoint.updateMany({
    where: { id: endpointId, secret: endpoint.secret },
    data: {
      secret: encryptSecret(secret, endpointId),
      previousSecret: endpoint.secret,
      previousSecretUntil: until,
    },
  });
  if (count === 0)
    throw new DomainError("the secret was rotated meanwhile: try again", "endpoint", "conflict");
  return { endpointId, secret, previousSecretValidUntil: until.toISOString() };
}

/**
 * Enables or disables an endpoint. Disabled, it receives nothing and its pending deliveries wait;
 * enabled again, they are due at once and the events committed meanwhile follow.
 */
export async function setEndpointEnabled(endpointId: string, enabled: boolean): Promise<EndpointStatus> {
  await requireEndpoint(endpointId);
  const { sql } = await db();
  const now = new Date();
  await sql.tx(function* () {
    yield* run(
      `UPDATE "WebhookEndpoint"
          SET enabled = ?, "disabledAt" = ?, "disabledReason" = ?, "failingSince" = NULL, "updatedAt" = ?
        WHERE id = ?`,
      [enabled, enabled ? null : now, enabled ? null : "operator", now, endpointId],
    );
    if (enabled) {
      yield* run(`UPDATE "WebhookDelivery" SET "nextAt" = ? WHERE "endpointId" = ? AND state = 'pending'`, [
        now,
        endpointId,
      ]);
    }
  });
  return (await listEndpoints(endpointId))[0]!;
}

export type AttemptRecord = {
  at: string;
  webhookId: string | null;
  kind: string;
  attempt: number;
  outcome: string;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string;
  deliveryState: string;
};

/** An endpoint's delivery log: its latest attempts, newest first. */
export async function attemptLog(endpointId: string, limit = 50): Promise<AttemptRecord[]> {
  await requireEndpoint(endpointId);
  const { prisma } = await db();
  const rows = await prisma.webhookAttempt.findMany({
    where: { endpointId },
    orderBy: { at: "desc" },
    take: Math.min(Math.max(limit, 1), 1000),
    include: { delivery: { select: { eventSeq: true, kind: true, state: true, payload: true } } },
  });
  return rows.map((r) => ({
    at: r.at.toISOString(),
    webhookId:
      r.delivery.eventSeq !== null
        ? publicEventId(r.delivery.eventSeq)
        : ((JSON.parse(r.delivery.payload ?? "{}") as { id?: string }).id ?? null),
    kind: r.delivery.kind,
    attempt: r.attempt,
    outcome: r.outcome,
    statusCode: r.statusCode,
    latencyMs: r.latencyMs,
    excerpt: r.excerpt,
    deliveryState: r.delivery.state,
  }));
}
