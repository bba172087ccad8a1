/**
 * Provisioning health of one identity provider, from the provisioning log: request and error
 * counts per hour (24 h) and per day (7 days), the last error, token use, and the warnings an
 * admin must see before Entra quarantines the job.
 */
import { db } from "@/lib/db";
import { toDate } from "@/lib/db/sql";
import { certificateStatus } from "@/lib/x509/certificate";
import { SELF_TEST_AGENT } from "./selftest";
import { errorRateExceeded, idleAfterMs, idleAfterText, silentSince } from "./thresholds";

export type FailedRequest = {
  at: Date;
  method: string;
  path: string;
  status: number;
  detail: string | null;
};

export type Bucket = { label: string; requests: number; errors: number };
export type Warning = { tone: "red" | "amber"; title: string; detail: string };

function bucketExpr(dialect: "sqlite" | "postgres", unit: "hour" | "day", column = "at"): string {
  if (dialect === "sqlite") return unit === "hour" ? `substr(${column}, 1, 13)` : `substr(${column}, 1, 10)`;
  return unit === "hour" ? `to_char(${column}, 'YYYY-MM-DD"T"HH24')` : `to_char(${column}, 'YYYY-MM-DD')`;
}

function labels(now: Date, unit: "hour" | "day", count: number): string[] {
  const step = unit === "hour" ? 3_600_000 : 86_400_000;
  const len = unit === "hour" ? 13 : 10;
  return Array.from({ length: count }, (_, i) =>
    new Date(now.getTime() - (count - 1 - i) * step).toISOString().slice(0, len),
  );
}

export async function idpHealth(tenantId: string, idpId: string, now = new Date()) {
  const { sql, prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({
    where: { tenantId, id: idpId },
    select: { provisioningEnabled: true, certificateNotBefore: true, certificateNotAfter: true },
  });
  if (!idp) return null;
  const series = async (unit: "hour" | "day", count: number): Promise<Bucket[]> => {
    const names = labels(now, unit, count);
    const since = new Date(now.getTime() - count * (unit === "hour" ? 3_600_000 : 86_400_000));
    const rows = await sql.all<{ b: string; n: number; e: number }>(
      `SELECT ${bucketExpr(sql.dialect, unit)} AS b, COUNT(*) AS n, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS e
         FROM "ScimRequestLog" WHERE "tenantId" = ? AND "idpId" = ? AND at >= ? GROUP BY 1`,
      [tenantId, idpId, since],
    );
    const byLabel = new Map(rows.map((r) => [String(r.b), r]));
    return names.map((label) => ({
      label: unit === "hour" ? `${label.slice(11)}:00` : label.slice(5),
      requests: Number(byLabel.get(label)?.n ?? 0),
      errors: Number(byLabel.get(label)?.e ?? 0),
    }));
  };
  const lastFailure = async (condition: string): Promise<FailedRequest | null> => {
    const row = await sql.get<Omit<FailedRequest, "at"> & { at: unknown }>(
      `SELECT at, method, path, status, detail FROM "ScimRequestLog" WHERE "tenantId" = ? AND "idpId" = ? AND ${condition} ORDER BY at DESC LIMIT 1`,
      [tenantId, idpId],
    );
    return row ? { ...row, at: toDate(row.at)! } : null;
  };
  const [hourly, daily, lastHour, [lastClientError, lastServerError], tokens, users, groups] =
    await Promise.all([
      series("hour", 24),
      series("day", 7),
      sql.get<{ n: number; c: number; s: number }>(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN status >= 400 AND status < 500 THEN 1 ELSE 0 END) AS c,
              SUM(CASE WHEN status >= 500 THEN 1 ELSE 0 END) AS s
         FROM "ScimRequestLog" WHERE "tenantId" = ? AND "idpId" = ? AND at >= ?`,
        [tenantId, idpId, new Date(now.getTime() - 3_600_000)],
      ),
      Promise.all([lastFailure("status >= 400 AND status < 500"), lastFailure("status >= 500")]),
      prisma.provisioningToken.findMany({
        where: { tenantId, idpId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        select: { lastUsedAt: true, createdAt: true },
      }),
      sql.all<{ d: string; n: number }>(
        `SELECT ${bucketExpr(sql.dialect, "day", `"createdAt"`)} AS d, COUNT(*) AS n FROM "ScimUser" WHERE "tenantId" = ? AND "idpId" = ? GROUP BY 1 ORDER BY 1`,
        [tenantId, idpId],
      ),
      sql.all<{ d: string; n: number }>(
        `SELECT ${bucketExpr(sql.dialect, "day", `"createdAt"`)} AS d, COUNT(*) AS n FROM "ScimGroup" WHERE "tenantId" = ? AND "idpId" = ? GROUP BY 1 ORDER BY 1`,
        [tenantId, idpId],
      ),
    ]);

  // Users and groups over the last 30 days (those that exist now, by the day they were created).
  const days = labels(now, "day", 30);
  const cumulative = (rows: { d: string; n: number }[]) => {
    let total = rows.filter((r) => String(r.d) < days[0]!).reduce((s, r) => s + Number(r.n), 0);
    const perDay = new Map(rows.map((r) => [String(r.d), Number(r.n)]));
    return days.map((d) => (total += perDay.get(d) ?? 0));
  };
  const usersByDay = cumulative(users);
  const groupsByDay = cumulative(groups);
  const growth = days.map((d, i) => ({ label: d.slice(5), users: usersByDay[i]!, groups: groupsByDay[i]! }));

  const requestsLastHour = Number(lastHour?.n ?? 0);
  const clientErrorsLastHour = Number(lastHour?.c ?? 0);
  const serverErrorsLastHour = Number(lastHour?.s ?? 0);
  const errorsLastHour = clientErrorsLastHour + serverErrorsLastHour;
  const lastUsed = tokens.reduce<Date | null>(
    (m, t) => (t.lastUsedAt && (!m || t.lastUsedAt > m) ? t.lastUsedAt : m),
    null,
  );

  const warnings: Warning[] = [];
  if (errorRateExceeded(requestsLastHour, errorsLastHour)) {
    warnings.push({
      tone: "red",
      title: `${Math.round((100 * errorsLastHour) / requestsLastHour)}% of requests failed in the last hour`,
      detail:
        "Entra puts a provisioning job in quarantine when more than 40% of its requests fail. Check the failed requests in the provisioning log.",
    });
  }
  const idleSince = silentSince(tokens);
  if (idp.provisioningEnabled && idleSince && now.getTime() - idleSince.getTime() > idleAfterMs()) {
    warnings.push({
      tone: "amber",
      title: lastUsed
        ? `Your identity provider has not called Rollcall for over ${idleAfterText()}`
        : "Your identity provider has not called Rollcall yet",
      detail:
        "Entra runs a provisioning cycle about every 40 minutes. Check that provisioning is on in Entra and that it uses a current token (Test Connection).",
    });
  }
  const cert = certificateStatus(idp);
  if (cert && (cert.state === "expired" || cert.state === "expiring")) {
    warnings.push({
      tone: cert.state === "expired" ? "red" : "amber",
      title:
        cert.state === "expired"
          ? "The signing certificate has expired"
          : `The signing certificate expires in ${cert.daysLeft} days`,
      detail: "Add the new certificate from your identity provider before sign-ins fail.",
    });
  }

  return {
    provisioningEnabled: idp.provisioningEnabled,
    lastUsed,
    hourly,
    daily,
    growth,
    requestsLastHour,
    clientErrorsLastHour,
    serverErrorsLastHour,
    lastClientError,
    lastServerError,
    certificate: cert,
    warnings,
  };
}

/**
 * What an identity provider has brought in, for the portal's overview and its delete dialog: the
 * users and groups it provisioned (they stay when it is deleted), its active tokens, its last
 * provisioning request and its last sign-in.
 */
export async function idpFootprint(tenantId: string, idpId: string) {
  const { prisma } = await db();
  const [users, groups, activeTokens, lastRequest, lastSignIn] = await Promise.all([
    prisma.scimUser.count({ where: { tenantId, idpId } }),
    prisma.scimGroup.count({ where: { tenantId, idpId } }),
    prisma.provisioningToken.count({ where: { tenantId, idpId, revokedAt: null } }),
    prisma.scimRequestLog.findFirst({
      where: { tenantId, idpId, OR: [{ userAgent: null }, { userAgent: { not: SELF_TEST_AGENT } }] },
      orderBy: { at: "desc" },
      select: { at: true, status: true, method: true, path: true },
    }),
    prisma.ssoEvent.findFirst({
      where: { tenantId, idpId, outcome: "signed-in" },
      orderBy: { at: "desc" },
      select: { at: true, subject: true },
    }),
  ]);
  return { users, groups, activeTokens, lastRequest, lastSignIn };
}
