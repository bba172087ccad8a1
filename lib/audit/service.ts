/**
 * The tenant's audit log: who did what, when. An entry is written by the unit of work that makes
 * the change it records (`yield* audit(…)` inside `sql.tx`), so the log and the change commit
 * together or not at all.
 */
import { db } from "@/lib/db";
import { run, type Work } from "@/lib/db/sql";
import { newId } from "@/lib/ids";

export type Actor = { adminId: string | null; label: string };

export const CLI_ACTOR: Actor = { adminId: null, label: "operator CLI" };

export type AuditEntry = {
  tenantId: string;
  actor: Actor;
  action: string;
  target?: string | null;
  detail?: string | null;
};

/** One entry, in the caller's transaction. */
export function* audit(e: AuditEntry): Work<void> {
  yield* run(
    `INSERT INTO "AuditEvent" ("tenantId", id, at, "actorId", actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      e.tenantId,
      newId(),
      new Date(),
      e.actor.adminId,
      e.actor.label,
      e.action,
      e.target ?? null,
      e.detail ?? null,
    ],
  );
}

/** An entry that records no change of its own (it is the record, e.g. someone joined). */
export async function recordAudit(
  tenantId: string,
  actor: Actor,
  action: string,
  target?: string,
  detail?: string,
): Promise<void> {
  const { sql } = await db();
  await sql.tx(() => audit({ tenantId, actor, action, target, detail }));
}

export async function listAudit(tenantId: string, take = 50) {
  const { prisma } = await db();
  return prisma.auditEvent.findMany({ where: { tenantId }, orderBy: { at: "desc" }, take });
}
