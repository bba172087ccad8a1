/**
 * The sign-in alert (sso_failures): in the last hour a company's identity providers had at least
 * SSO_FAILURES_MIN refused sign-ins and more refusals than sign-ins — a rolled-over certificate, a
 * changed identifier or an application assigned to people nobody provisioned. Refusals are counted
 * as recorded (lib/sso/store.ts: one row per code, user and 10 minutes, with a count).
 */
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { plural } from "@/lib/format";
import { isRefusalCode, REFUSAL_MESSAGES } from "@/lib/sso/errors";
import { REFUSAL_BUCKET_MS } from "@/lib/sso/store";
import { alertAdmins } from "./service";

const HOUR_MS = 3_600_000;

/** Fewer refusals than this in an hour are no spike. */
export const SSO_FAILURES_MIN = 10;

/** Whether an hour with this many refusals and sign-ins is worth an administrator's attention. */
export function signInFailuresSpiking(refused: number, signedIn: number): boolean {
  return refused >= SSO_FAILURES_MIN && refused > signedIn;
}

type IdpHour = { tenantId: string; idpId: string; displayName: string; refused: unknown; signedIn: unknown };

/** Alerts every company whose sign-ins were mostly refused in the last hour. */
export async function alertSignInFailures(now = new Date()): Promise<number> {
  const { sql } = await db();
  const since = new Date(now.getTime() - HOUR_MS);
  // A refusal row counts from its window's start (`at`) to its last refusal (`lastAt`).
  const rows = await sql.all<IdpHour>(
    `SELECT e."tenantId", e."idpId", i."displayName",
            SUM(CASE WHEN e.outcome = 'refused' THEN e.count ELSE 0 END) AS refused,
            SUM(CASE WHEN e.outcome = 'signed-in' THEN 1 ELSE 0 END) AS "signedIn"
       FROM "SsoEvent" e
       JOIN "IdentityProvider" i ON i."tenantId" = e."tenantId" AND i.id = e."idpId"
      WHERE e.at >= ? AND COALESCE(e."lastAt", e.at) >= ?
        AND NOT EXISTS (SELECT 1 FROM "AlertSent" a
                         WHERE a."tenantId" = e."tenantId" AND a.kind = 'sso_failures' AND a."sentAt" > ?)
      GROUP BY e."tenantId", e."idpId", i."displayName"
      ORDER BY e."tenantId", refused DESC`,
    [new Date(since.getTime() - REFUSAL_BUCKET_MS), since, since],
  );
  const byTenant = new Map<string, IdpHour[]>();
  for (const row of rows) byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row]);
  let alerted = 0;
  for (const [tenantId, idps] of byTenant) {
    const refused = idps.reduce((sum, r) => sum + Number(r.refused), 0);
    const signedIn = idps.reduce((sum, r) => sum + Number(r.signedIn), 0);
    if (!signInFailuresSpiking(refused, signedIn)) continue;
    const failing = idps.filter((r) => Number(r.refused) > 0);
    const lines = await Promise.all(
      failing.map(async (r) => {
        const reason = await mostFrequentRefusal(tenantId, r.idpId, since);
        return `${r.displayName}: ${plural(Number(r.refused), "sign-in")} refused, ${Number(r.signedIn)} signed in.${reason ? ` Most often: ${reason}.` : ""}`;
      }),
    );
    const worst = failing[0]!;
    const sent = await alertAdmins(
      tenantId,
      "sso_failures",
      {
        subject: `${plural(refused, "sign-in")} refused in the last hour`,
        heading: "Sign-ins through your identity provider are failing",
        paragraphs: [
          `In the last hour Rollcall refused ${plural(refused, "sign-in")} and let ${signedIn} through.`,
          ...lines,
          "A new signing certificate at the identity provider, a changed identifier or people assigned to the application but not provisioned are the usual causes. Sign-in activity shows each refusal with its reason.",
        ],
        action: {
          label: "Open sign-in activity",
          url: `${appUrl()}/identity-providers/${worst.idpId}/activity`,
        },
      },
      now,
    );
    if (sent > 0) alerted += 1;
  }
  return alerted;
}

/** The refusal an identity provider's last hour had most, as its title ("… (bad_signature)"). */
async function mostFrequentRefusal(tenantId: string, idpId: string, since: Date): Promise<string | null> {
  const { sql } = await db();
  const rows = await sql.all<{ reason: string | null; count: unknown }>(
    `SELECT reason, count FROM "SsoEvent"
      WHERE "tenantId" = ? AND "idpId" = ? AND outcome = 'refused' AND at >= ? AND COALESCE("lastAt", at) >= ?
      LIMIT 1000`,
    [tenantId, idpId, new Date(since.getTime() - REFUSAL_BUCKET_MS), since],
  );
  const counts = new Map<string, number>();
  for (const row of rows) {
    const code = row.reason?.split(":")[0] ?? "";
    if (isRefusalCode(code)) counts.set(code, (counts.get(code) ?? 0) + Number(row.count));
  }
  const [code] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  return code && isRefusalCode(code) ? `${REFUSAL_MESSAGES[code].title} (${code})` : null;
}
