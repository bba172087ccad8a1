/** The guard alert: a company whose deprovisioning guard tripped since its last guard alert. */
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { toDate } from "@/lib/db/sql";
import { formatDateTime } from "@/lib/format";
import { alertAdmins } from "./service";

/** Alerts every company whose guard tripped since its last guard alert; returns how many. */
export async function alertTrippedGuards(now = new Date()): Promise<number> {
  const { sql } = await db();
  const tripped = await sql.all<{ id: string; guardTrippedAt: unknown; held: number }>(
    `SELECT t.id, t."guardTrippedAt",
            (SELECT COUNT(*) FROM "DeprovisionHold" h WHERE h."tenantId" = t.id) AS held
       FROM "Tenant" t
      WHERE t."guardTrippedAt" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "AlertSent" a
                         WHERE a."tenantId" = t.id AND a.kind = 'guard_tripped' AND a."sentAt" >= t."guardTrippedAt")`,
  );
  let alerted = 0;
  for (const t of tripped) {
    const held = Number(t.held);
    const sent = await alertAdmins(
      t.id,
      "guard_tripped",
      {
        subject: `${held} disable${held === 1 ? "" : "s"} or delete${held === 1 ? "" : "s"} held for your review`,
        heading: "The deprovisioning guard tripped",
        paragraphs: [
          `Since ${formatDateTime(toDate(t.guardTrippedAt))}, your identity provider has disabled or deleted more users than the guard allows. ${held} change${held === 1 ? " is" : "s are"} held: those users stay active until an administrator approves or rejects the changes.`,
        ],
        action: { label: "Review held changes", url: `${appUrl()}/settings/guard` },
      },
      now,
    );
    if (sent > 0) alerted += 1;
  }
  return alerted;
}
