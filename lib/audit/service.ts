import { db } from "@/lib/db";
import { newId } from "@/lib/ids";

export type Actor = { adminId: string | null; label: string };

export const CLI_ACTOR: Actor = { adminId: null, label: "operator CLI" };

/** Records an admin action (who, what, when) in the tenant's audit log. */
export async function recordAudit(
  tenantId: string,
  actor: Actor,
  action: string,
  target?: string,
  detail?: string,
): Promise<void> {
  const { prisma } = await db();
  await prisma.auditEvent.create({
    data: {
      tenantId,
      id: newId(),
      actorId: actor.adminId,
      actor: actor.label,
      action,
      target: target ?? null,
      detail: detail ?? null,
    },
  });
}

export async function listAudit(tenantId: string, take = 50) {
  const { prisma } = await db();
  return prisma.auditEvent.findMany({ where: { tenantId }, orderBy: { at: "desc" }, take });
}
