/**
 * Provisioning alerts, from the provisioning log and the tokens, across all companies at once:
 * - error_rate: more than 10% of at least ERROR_RATE_MIN_REQUESTS requests in the last hour failed
 *   (the self-test's own requests aside) — with the counts, the most frequent failure and a link
 *   to the failed requests;
 * - token_idle: an identity provider with provisioning on has not called for
 *   PROVISIONING_IDLE_MINUTES (two of Entra's cycles), counted from the newest use or creation of
 *   its active tokens — once per silence: a company already alerted after the silence began is not
 *   alerted again until a call (or a new token) starts a new one.
 */
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { toDate } from "@/lib/db/sql";
import { formatDateTime, plural } from "@/lib/format";
import { SELF_TEST_AGENT } from "@/lib/provisioning/selftest";
import { errorRateExceeded, idleAfterMs, idleAfterText } from "@/lib/provisioning/thresholds";
import { alertAdmins } from "./service";

const HOUR_MS = 3_600_000;

/** Fewer requests than this in an hour never make an error-rate alert (one 404 is not 100%). */
export const ERROR_RATE_MIN_REQUESTS = 10;

/** Alerts every company whose provisioning requests failed too often in the last hour. */
export async function alertErrorRates(now = new Date()): Promise<number> {
  const { sql } = await db();
  const since = new Date(now.getTime() - HOUR_MS);
  const rows = await sql.all<{ tenantId: string; n: unknown; e: unknown; s: unknown }>(
    `SELECT l."tenantId", COUNT(*) AS n,
            SUM(CASE WHEN l.status >= 400 THEN 1 ELSE 0 END) AS e,
            SUM(CASE WHEN l.status >= 500 THEN 1 ELSE 0 END) AS s
       FROM "ScimRequestLog" l
      WHERE l.at >= ? AND (l."userAgent" IS NULL OR l."userAgent" <> ?)
        AND NOT EXISTS (SELECT 1 FROM "AlertSent" a
                         WHERE a."tenantId" = l."tenantId" AND a.kind = 'error_rate' AND a."sentAt" > ?)
      GROUP BY l."tenantId"
     HAVING COUNT(*) >= ?`,
    [since, SELF_TEST_AGENT, since, ERROR_RATE_MIN_REQUESTS],
  );
  let alerted = 0;
  for (const row of rows) {
    const [requests, failed, serverErrors] = [Number(row.n), Number(row.e), Number(row.s)];
    if (!errorRateExceeded(requests, failed)) continue;
    const top = await sql.get<{ status: number; detail: string | null; n: unknown }>(
      `SELECT status, detail, COUNT(*) AS n FROM "ScimRequestLog"
        WHERE "tenantId" = ? AND at >= ? AND status >= 400 AND ("userAgent" IS NULL OR "userAgent" <> ?)
        GROUP BY status, detail ORDER BY COUNT(*) DESC, status LIMIT 1`,
      [row.tenantId, since, SELF_TEST_AGENT],
    );
    const percent = Math.round((100 * failed) / requests);
    const paragraphs = [
      `In the last hour ${failed} of ${plural(requests, "provisioning request")} to Rollcall failed (${percent}%)${serverErrors > 0 ? `, ${serverErrors} of them with a server error` : ""}. Entra ID puts a provisioning job in quarantine when more than 40% of its requests fail.`,
    ];
    if (top) {
      const detail = top.detail ? `: ${top.detail.slice(0, 200)}` : "";
      paragraphs.push(`Most often (${plural(Number(top.n), "time")}): ${top.status}${detail}`);
    }
    const sent = await alertAdmins(
      row.tenantId,
      "error_rate",
      {
        subject: `${percent}% of provisioning requests failed in the last hour`,
        heading: "Provisioning requests are failing",
        paragraphs,
        action: { label: "See the failed requests", url: `${appUrl()}/logs?outcome=error&range=1h` },
      },
      now,
    );
    if (sent > 0) alerted += 1;
  }
  return alerted;
}

type IdleRow = {
  tenantId: string;
  id: string;
  displayName: string;
  alertedAt: unknown;
  since: unknown;
  lastUsed: unknown;
};

/** Alerts every company with an identity provider newly idle since its last such alert. */
export async function alertIdleProvisioning(now = new Date()): Promise<number> {
  const { sql } = await db();
  // Each row carries its company's last token_idle alert, so a company already told about every
  // silence it has costs no further query.
  const rows = await sql.all<IdleRow>(
    `SELECT i."tenantId", i.id, i."displayName", a."sentAt" AS "alertedAt",
            MAX(COALESCE(t."lastUsedAt", t."createdAt")) AS since, MAX(t."lastUsedAt") AS "lastUsed"
       FROM "IdentityProvider" i
       JOIN "ProvisioningToken" t ON t."tenantId" = i."tenantId" AND t."idpId" = i.id
       LEFT JOIN "AlertSent" a ON a."tenantId" = i."tenantId" AND a.kind = 'token_idle'
      WHERE i."provisioningEnabled" = ? AND t."revokedAt" IS NULL AND (t."expiresAt" IS NULL OR t."expiresAt" > ?)
      GROUP BY i."tenantId", i.id, i."displayName", a."sentAt"
     HAVING MAX(COALESCE(t."lastUsedAt", t."createdAt")) <= ?
      ORDER BY i."tenantId", i."displayName"`,
    [true, now, new Date(now.getTime() - idleAfterMs())],
  );
  const byTenant = new Map<string, IdleRow[]>();
  for (const row of rows) byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row]);
  let alerted = 0;
  for (const [tenantId, idle] of byTenant) {
    const lastSent = toDate(idle[0]!.alertedAt);
    if (lastSent && idle.every((r) => toDate(r.since)! <= lastSent)) continue;
    const lines = idle.map((r) => {
      const lastUsed = toDate(r.lastUsed);
      return lastUsed && lastUsed.getTime() === toDate(r.since)!.getTime()
        ? `${r.displayName}: last call ${formatDateTime(lastUsed)}.`
        : `${r.displayName}: no call since its newest token was created, ${formatDateTime(toDate(r.since))}.`;
    });
    const only = idle.length === 1 ? idle[0]! : null;
    const sent = await alertAdmins(
      tenantId,
      "token_idle",
      {
        subject: only
          ? `${only.displayName} has not called Rollcall for over ${idleAfterText()}`
          : `${idle.length} identity providers have not called Rollcall for over ${idleAfterText()}`,
        heading: "Provisioning has gone quiet",
        paragraphs: [
          ...lines,
          "Provisioning is on, but no active token has been used for two provisioning cycles. If nothing changed in your directory, your identity provider may simply have had nothing to send. Otherwise check that provisioning is running there (in Entra ID: Provisioning Status On) and that it uses a current token (Test Connection).",
        ],
        action: only
          ? { label: "Open provisioning", url: `${appUrl()}/identity-providers/${only.id}/provisioning` }
          : { label: "Open identity providers", url: `${appUrl()}/identity-providers` },
      },
      now,
    );
    if (sent > 0) alerted += 1;
  }
  return alerted;
}
