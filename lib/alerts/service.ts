/**
 * Alerts by email to a company's administrators, so what needs them does not wait until someone
 * opens the portal. Each admin may opt out per kind (Profile). At most one mail of a kind per
 * company an hour, whichever instance sends it: the slot is claimed by one conditional upsert of
 * AlertSent, so two instances noticing the same thing send it once.
 */
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { logError } from "@/lib/log";
import { alertMail } from "@/lib/mail/templates";
import { mailEnabled, sendMail } from "@/lib/mail/transport";

export const ALERT_KINDS = {
  guard_tripped: "The deprovisioning guard held disables or deletes",
  error_rate: "More than 10% of an hour's provisioning requests failed",
  token_idle: "An identity provider with provisioning on stopped calling (two provisioning cycles)",
  certificate_expiring: "An identity provider's signing certificate expires soon",
  sso_failures: "Sign-ins were refused more often than they succeeded in an hour",
} as const;

export type AlertKind = keyof typeof ALERT_KINDS;

export const isAlertKind = (value: unknown): value is AlertKind =>
  typeof value === "string" && Object.hasOwn(ALERT_KINDS, value);

const HOUR_MS = 3_600_000;

export type Alert = {
  subject: string;
  heading: string;
  paragraphs: string[];
  action: { label: string; url: string };
};

/** The kinds an admin opted out of, from the stored list. */
export function optedOut(stored: string): AlertKind[] {
  return stored.split(",").filter(isAlertKind);
}

/**
 * Mails `alert` to the company's administrators who did not opt out of `kind`, unless one of that
 * kind went out in the last hour. Returns how many were sent (0 also when it was too soon).
 */
export async function alertAdmins(
  tenantId: string,
  kind: AlertKind,
  alert: Alert,
  now = new Date(),
): Promise<number> {
  if (!mailEnabled()) return 0;
  const { sql } = await db();
  const claimed = await sql.run(
    `INSERT INTO "AlertSent" ("tenantId", kind, "sentAt") VALUES (?, ?, ?)
     ON CONFLICT ("tenantId", kind) DO UPDATE SET "sentAt" = excluded."sentAt" WHERE "AlertSent"."sentAt" <= ?`,
    [tenantId, kind, now, new Date(now.getTime() - HOUR_MS)],
  );
  if (claimed.changes !== 1) return 0;
  const company = await sql.get<{ name: string }>(`SELECT name FROM "Tenant" WHERE id = ?`, [tenantId]);
  const admins = await sql.all<{ email: string; alertsOff: string }>(
    `SELECT email, "alertsOff" FROM "Admin" WHERE "tenantId" = ?`,
    [tenantId],
  );
  let sent = 0;
  for (const admin of admins) {
    if (optedOut(admin.alertsOff).includes(kind)) continue;
    try {
      await sendMail(alertMail(admin.email, company?.name ?? "", alert, `${appUrl()}/settings/profile`));
      sent += 1;
    } catch (error) {
      logError("mail", `the ${kind} alert was not sent`, error);
    }
  }
  return sent;
}

/** An admin's choice of alerts: the kinds they do not want. */
export async function setAlertsOff(
  admin: { tenantId: string; id: string },
  off: readonly string[],
): Promise<void> {
  const { sql } = await db();
  const kinds = [...new Set(off.filter(isAlertKind))].join(",");
  await sql.run(`UPDATE "Admin" SET "alertsOff" = ? WHERE "tenantId" = ? AND id = ?`, [
    kinds,
    admin.tenantId,
    admin.id,
  ]);
}

export async function alertsOff(admin: { tenantId: string; id: string }): Promise<AlertKind[]> {
  const { sql } = await db();
  const row = await sql.get<{ alertsOff: string }>(
    `SELECT "alertsOff" FROM "Admin" WHERE "tenantId" = ? AND id = ?`,
    [admin.tenantId, admin.id],
  );
  return optedOut(row?.alertsOff ?? "");
}
