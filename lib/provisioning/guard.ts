/** The admin's side of the mass-deprovisioning guard: its settings, the held changes, approve/reject. */
import { z } from "zod";
import { recordAudit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { run, toDate } from "@/lib/db/sql";
import { ScimError } from "@/lib/scim/errors";
import { NO_PROJECTION } from "@/lib/scim/projection";
import { scimContextFor } from "@/lib/scim/next";
import { deleteUser, patchUser, replaceUser } from "@/lib/scim/resources/users";

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
  const { prisma } = await db();
  await prisma.tenant.update({
    where: { id: tenantId },
    data: {
      guardEnabled: s.enabled,
      guardPercent: s.percent,
      guardMinUsers: s.minUsers,
      guardWindowMinutes: s.windowMinutes,
    },
  });
  await recordAudit(
    tenantId,
    actor,
    "deprovisioning_guard.updated",
    undefined,
    s.enabled ? `more than ${s.minUsers} and ${s.percent}% within ${s.windowMinutes} min` : "off",
  );
  return s;
}

/** Clears the trip and starts a new window (the wave the admin decided on no longer counts). */
async function reset(tenantId: string): Promise<void> {
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(`UPDATE "Tenant" SET "guardTrippedAt" = NULL WHERE id = ?`, [tenantId]);
    yield* run(`DELETE FROM "DeprovisionLog" WHERE "tenantId" = ?`, [tenantId]);
  });
}

/** Applies every held change, oldest first, as the client sent it. */
export async function approveHeld(
  tenantId: string,
  actor: Actor,
): Promise<{ applied: number; skipped: number }> {
  const { prisma } = await db();
  const holds = await prisma.deprovisionHold.findMany({
    where: { tenantId },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  let applied = 0;
  let skipped = 0;
  for (const h of holds) {
    const ctx = await scimContextFor(tenantId, h.idpId, { guard: false });
    const body: unknown = h.body === null ? undefined : JSON.parse(h.body);
    try {
      if (h.method === "DELETE") await deleteUser(ctx, h.userId, null);
      else if (h.method === "PUT") await replaceUser(ctx, h.userId, body, null, NO_PROJECTION);
      else await patchUser(ctx, h.userId, body, null, NO_PROJECTION);
      applied++;
    } catch (error) {
      // The user may be gone or changed since; what cannot apply any more is dropped.
      if (!(error instanceof ScimError)) throw error;
      skipped++;
    }
    await prisma.deprovisionHold.deleteMany({ where: { tenantId, id: h.id } });
  }
  await reset(tenantId);
  await recordAudit(
    tenantId,
    actor,
    "deprovisioning_guard.approved",
    undefined,
    `${applied} applied, ${skipped} no longer applicable`,
  );
  return { applied, skipped };
}

/** Drops every held change: the users stay as they are. */
export async function rejectHeld(tenantId: string, actor: Actor): Promise<{ rejected: number }> {
  const { prisma } = await db();
  const { count } = await prisma.deprovisionHold.deleteMany({ where: { tenantId } });
  await reset(tenantId);
  await recordAudit(
    tenantId,
    actor,
    "deprovisioning_guard.rejected",
    undefined,
    `${count} disables/deletes discarded`,
  );
  return { rejected: count };
}
