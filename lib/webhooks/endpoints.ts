/**
 * Webhook endpoints, the operator's (CLI and management API): add with a new signing secret shown
 * once, change the URL or filters, enable or disable, rotate the secret (the old one keeps signing
 * for 24 hours), remove. An endpoint receives the events committed after it was added (older ones:
 * replay). The read side is ./status.ts.
 */
import { z } from "zod";
import { db } from "@/lib/db";
import { run, type SqlValue } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { EVENT_TYPES, isEventType } from "@/lib/events/types";
import { newId } from "@/lib/ids";
import { privateAddressesAllowed } from "./address";
import { hostOf, RefusedAddress, resolveChecked } from "./outbound";
import { encryptSecret, generateSecret } from "./secrets";
import { notFound } from "./status";

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** Checks a webhook URL as given by the operator; returns it normalised. */
export async function checkEndpointUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError("not a URL", { field: "url" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("a webhook URL starts with https:// (or http://)", { field: "url" });
  }
  if (url.username || url.password) {
    throw new AppError(
      "a webhook URL cannot carry a user name or password (they would be stored and shown in clear): receivers authenticate Rollcall by its signature",
      { field: "url" },
    );
  }
  url.hash = "";
  const host = hostOf(url);
  try {
    await resolveChecked(host);
  } catch (error) {
    if (error instanceof RefusedAddress) {
      throw new AppError(
        `${error.message}${privateAddressesAllowed() ? "" : " (WEBHOOK_ALLOW_PRIVATE=1 allows private addresses)"}`,
        { field: "url" },
      );
    }
    throw new AppError(`${host} does not resolve to an address`, { field: "url" });
  }
  return url.toString();
}

const eventTypes = z.array(z.string()).refine((types) => types.every(isEventType), {
  message: `unknown event type; known: ${Object.keys(EVENT_TYPES).join(", ")}`,
});

const endpointInput = z.object({
  url: z.string().min(1).max(2048),
  /** Absent or empty: every type. */
  eventTypes: eventTypes.optional(),
  tenantId: z.string().min(1).optional(),
  description: z.string().max(500).optional(),
});

export type EndpointInput = z.input<typeof endpointInput>;

/** The stored filter: comma-separated types, or null for every type. */
const typesColumn = (types: readonly string[] | null | undefined) =>
  types?.length ? [...new Set(types)].join(",") : null;

async function requireTenant(tenantId: string): Promise<void> {
  const { prisma } = await db();
  if (!(await prisma.tenant.findUnique({ where: { id: tenantId }, select: { id: true } }))) {
    throw new AppError(`no tenant with id ${tenantId}`, { field: "tenantId" });
  }
}

export async function addEndpoint(input: EndpointInput): Promise<{ endpointId: string; secret: string }> {
  const parsed = endpointInput.parse(input);
  const url = await checkEndpointUrl(parsed.url);
  if (parsed.tenantId) await requireTenant(parsed.tenantId);
  const { prisma } = await db();
  const latest = await prisma.event.aggregate({ _max: { seq: true } });
  const id = newId();
  const secret = generateSecret();
  await prisma.webhookEndpoint.create({
    data: {
      id,
      url,
      description: parsed.description ?? "",
      eventTypes: typesColumn(parsed.eventTypes),
      tenantId: parsed.tenantId ?? null,
      secret: encryptSecret(secret, id),
      seq: latest._max.seq ?? 0n,
    },
  });
  return { endpointId: id, secret };
}

export async function requireEndpoint(endpointId: string) {
  const { prisma } = await db();
  const endpoint = await prisma.webhookEndpoint.findUnique({ where: { id: endpointId } });
  if (!endpoint) throw notFound(endpointId);
  return endpoint;
}

const endpointPatch = z.object({
  url: z.string().min(1).max(2048).optional(),
  /** null or empty: every type. */
  eventTypes: eventTypes.nullable().optional(),
  /** null: every tenant. */
  tenantId: z.string().min(1).nullable().optional(),
  description: z.string().max(500).optional(),
  enabled: z.boolean().optional(),
});

export type EndpointPatch = z.input<typeof endpointPatch>;

/**
 * Changes an endpoint. A new URL or new filters apply from the next delivery and the next event
 * (deliveries already made keep going, to the new URL). Disabled, an endpoint receives nothing and
 * its pending deliveries wait; enabled again, they are due at once and the events committed
 * meanwhile follow.
 */
export async function updateEndpoint(endpointId: string, patch: EndpointPatch): Promise<void> {
  const parsed = endpointPatch.parse(patch);
  await requireEndpoint(endpointId);
  const set: [string, SqlValue][] = [];
  if (parsed.url !== undefined) set.push(["url", await checkEndpointUrl(parsed.url)]);
  if (parsed.eventTypes !== undefined) set.push(['"eventTypes"', typesColumn(parsed.eventTypes)]);
  if (parsed.tenantId !== undefined) {
    if (parsed.tenantId !== null) await requireTenant(parsed.tenantId);
    set.push(['"tenantId"', parsed.tenantId]);
  }
  if (parsed.description !== undefined) set.push(["description", parsed.description]);
  const { sql } = await db();
  const now = new Date();
  const enabled = parsed.enabled;
  await sql.tx(function* () {
    if (set.length > 0) {
      yield* run(
        `UPDATE "WebhookEndpoint" SET ${set.map(([column]) => `${column} = ?`).join(", ")}, "updatedAt" = ?
          WHERE id = ?`,
        [...set.map(([, value]) => value), now, endpointId],
      );
    }
    if (enabled === undefined) return;
    const { changes } = yield* run(
      `UPDATE "WebhookEndpoint"
          SET enabled = ?, "disabledAt" = ?, "disabledReason" = ?, "failingSince" = NULL, "updatedAt" = ?
        WHERE id = ? AND enabled = ?`,
      [enabled, enabled ? null : now, enabled ? null : "operator", now, endpointId, !enabled],
    );
    if (enabled && changes > 0) {
      yield* run(`UPDATE "WebhookDelivery" SET "nextAt" = ? WHERE "endpointId" = ? AND state = 'pending'`, [
        now,
        endpointId,
      ]);
    }
  });
}

/** Enables or disables an endpoint (see updateEndpoint). */
export function setEndpointEnabled(endpointId: string, enabled: boolean): Promise<void> {
  return updateEndpoint(endpointId, { enabled });
}

/** Removes an endpoint with its deliveries and their attempts. */
export async function removeEndpoint(endpointId: string): Promise<{ removed: string }> {
  const { prisma } = await db();
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id: endpointId } });
  if (count === 0) throw notFound(endpointId);
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
    throw new AppError("the secret was rotated meanwhile: try again", {
      field: "endpoint",
      code: "conflict",
    });
  return { endpointId, secret, previousSecretValidUntil: until.toISOString() };
}
