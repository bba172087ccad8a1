/** The admin's side of the mass-deprovisioning guard: its settings, the held changes, approve/reject. */
import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run, toDate, type Dialect, type Work } from "@/lib/db/sql";
import { recordEvent } from "@/lib/events/outbox";
import { ScimError } from "@/lib/scim/errors";
import { logOwnOperation, scimContextFor } from "./scim-endpoint";
import type { JsonObject } from "@/lib/scim/document";
import { applyHeldDisable, userHandler } from "@/lib/scim/resources/users";

export const guardSettingsSchema = z.object({
  enabled: z.boolean(),
  percent: z.coerce.number().int("Use a whole number").min(1, "At least 1%").max(100, "At most 100%"),
  minUsers: z.coerce.number().int("Use a whole number").min(1, "At least 1").max(1_000_000),
  windowMinutes: z.coerce
    .number()
    .int("Use a whole number")
    .min(5, "At least 5 minutes")
    .max(7 * 24 * 60, "At most a week"),
});

export type GuardSettings = z.output<typeof guardSettingsSchema>;

export type HeldChange = { id: string; at: Date; userId: string; userName: string | null; kind: string };

export async function guardStatus(tenantId: string) {
  const { prisma, sql } = await db();
  const tenant = await prisma.tenant.findUnique({
    where: { id: tenantId },
    select: {
      guardEnabled: true,
      guardPercent: true,
      guardMinUsers: true,
      guardWindowMinutes: true,
      guardTrippedAt: true,
    },
  });
  const held = await sql.all<{
    id: string;
    at: unknown;
    userId: string;
    userName: string | null;
    kind: string;
  }>(
    `SELECT h.id, h.at, h."userId", u."userName", h.kind FROM "DeprovisionHold" h
     LEFT JOIN "ScimUser" u ON u."tenantId" = h."tenantId" AND u.id = h."userId"
     WHERE h."tenantId" = ? ORDER BY h.at, h.id LIMIT 500`,
    [tenantId],
  );
  const count = await sql.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM "DeprovisionHold" WHERE "tenantId" = ?`,
    [tenantId],
  );
  return {
    settings: {
      enabled: tenant?.guardEnabled ?? true,
      percent: tenant?.guardPercent ?? 10,
      minUsers: tenant?.guardMinUsers ?? 20,
      windowMinutes: tenant?.guardWindowMinutes ?? 60,
    },
    trippedAt: tenant?.guardTrippedAt ?? null,
    heldCount: Number(count?.n ?? 0),
    held: held.map((h): HeldChange => ({ ...h, at: toDate(h.at)! })),
  };
}

/** How many changes wait for an admin (for the portal's banner). */
export async function heldCount(tenantId: string): Promise<number> {
  const { sql } = await db();
  const row = await sql.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM "DeprovisionHold" WHERE "tenantId" = ?`,
    [tenantId],
  );
  return Number(row?.n ?? 0);
}

export async function updateGuardSettings(
  tenantId: string,
  actor: Actor,
  input: unknown,
): Promise<GuardSettings> {
  const s = guardSettingsSchema.parse(input);
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(
      `UPDATE "Tenant" SET "guardEnabled" = ?, "guardPercent" = ?, "guardMinUsers" = ?, "guardWindowMinutes" = ? WHERE id = ?`,
      [s.enabled, s.percent, s.minUsers, s.windowMinutes, tenantId],
    );
    yield* audit({
      tenantId,
      actor,
      action: "deprovisioning_guard.updated",
      detail: s.enabled ? `more than ${s.minUsers} and ${s.percent}% within ${s.windowMinutes} min` : "off",
    });
  });
  return s;
}

/**
 * The end of a decision, in one transaction: its audit entry and event, and — when nothing is held
 * any more — the end of the trip and a new window (the wave decided on no longer counts).
 */
function* decided(
  dialect: Dialect,
  tenantId: string,
  actor: Actor,
  type: "deprovisioning_guard.approved" | "deprovisioning_guard.rejected",
  detail: string,
  data: Record<string, number>,
): Work<void> {
  const left = yield* get<{ n: number }>(`SELECT COUNT(*) AS n FROM "DeprovisionHold" WHERE "tenantId" = ?`, [
    tenantId,
  ]);
  if (Number(left?.n ?? 0) === 0) {
    yield* run(`UPDATE "Tenant" SET "guardTrippedAt" = NULL WHERE id = ?`, [tenantId]);
    yield* run(`DELETE FROM "DeprovisionLog" WHERE "tenantId" = ?`, [tenantId]);
  }
  yield* audit({ tenantId, actor, action: type, detail });
  yield* recordEvent(dialect, { tenantId, type, idpId: null, data });
}

export type ApprovalResult = {
  /** Applied as held. */
  applied: number;
  /** Not applied: the user changed after the change was held (re-enabled, edited). */
  superseded: number;
  /** Not applied: the user no longer exists. */
  gone: number;
};

function heldWhere(tenantId: string, ids?: string[]) {
  return ids ? { tenantId, id: { in: ids } } : { tenantId };
}

/**
 * Applies held changes (all, or those named by `ids`), oldest first. A change applies only to the
 * user as it was when it was held: a user the identity provider re-enabled or edited afterwards
 * keeps that newer state, and the held change is counted as superseded.
 */
export async function approveHeld(tenantId: string, actor: Actor, ids?: string[]): Promise<ApprovalResult> {
  const { prisma } = await db();
  const holds = await prisma.deprovisionHold.findMany({
    where: heldWhere(tenantId, ids),
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  const result: ApprovalResult = { applied: 0, superseded: 0, gone: 0 };
  for (const h of holds) {
    const ctx = await scimContextFor(tenantId, h.idpId, { guard: false });
    const ifMatch = h.userVersion === null ? null : `W/"${h.userVersion}"`;
    try {
      let outcome;
      if (h.kind === "delete") {
        outcome = await userHandler.delete(ctx, h.userId, ifMatch);
      } else {
        // A change held before holds kept their document is applied as the disable it was.
        const doc = h.doc === null ? null : (JSON.parse(h.doc) as JsonObject);
        outcome = doc
          ? await applyHeldDisable(ctx, h.userId, { doc, pinHash: h.pinHash, version: h.userVersion })
          : await userHandler.patch(ctx, h.userId, DISABLE, null, null);
      }
      logOwnOperation(
        ctx,
        `Rollcall: held change approved by ${actor.label}`,
        h.method,
        `/Users/${h.userId}`,
        outcome,
      );
      result.applied++;
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      if (error.status === 404) result.gone++;
      else result.superseded++;
    }
    await prisma.deprovisionHold.deleteMany({ where: { tenantId, id: h.id } });
  }
  const { sql } = await db();
  await sql.tx(() =>
    decided(
      sql.dialect,
      tenantId,
      actor,
      "deprovisioning_guard.approved",
      `${result.applied} applied, ${result.superseded} superseded by a newer change, ${result.gone} for users no longer there`,
      result,
    ),
  );
  return result;
}

const DISABLE = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [{ op: "replace", path: "active", value: false }],
};

/** Drops held changes (all, or those named by `ids`): the users stay as they are. */
export async function rejectHeld(
  tenantId: string,
  actor: Actor,
  ids?: string[],
): Promise<{ rejected: number }> {
  const { sql } = await db();
  const count = await sql.tx(function* () {
    const { changes } = yield* run(
      `DELETE FROM "DeprovisionHold" WHERE "tenantId" = ?${ids ? ` AND id IN (${ids.map(() => "?").join(", ") || "NULL"})` : ""}`,
      [tenantId, ...(ids ?? [])],
    );
    yield* decided(
      sql.dialect,
      tenantId,
      actor,
      "deprovisioning_guard.rejected",
      `${changes} disables/deletes discarded`,
      {
        rejected: changes,
      },
    );
    return changes;
  });
  return { rejected: count };
}
