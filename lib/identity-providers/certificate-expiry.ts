/**
 * `identity_provider.certificate_expiring`: each signing certificate of an identity provider (the
 * current one and the next one of a rollover) is announced 30, 7 and 1 days before it expires —
 * once per certificate and stage, whichever instance notices first (the CertificateNotice key makes
 * the second insert a no-op, and the event is written in the same transaction as the notice).
 * A certificate replaced before a stage is never announced for it.
 */
import { alertAdmins } from "@/lib/alerts/service";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { run, toBool, toDate } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { recordEvent } from "@/lib/events/outbox";
import { formatDateTime } from "@/lib/format";
import { logError } from "@/lib/log";
import { EXPIRY_WARNING_DAYS } from "@/lib/x509/certificate";

const DAY_MS = 86_400_000;
const STAGES = [1, 7, EXPIRY_WARNING_DAYS] as const;

/** The stage a certificate with this many whole days left is in (null: not yet, or not at all). */
export function expiryStage(daysLeft: number): number | null {
  return STAGES.find((stage) => daysLeft <= stage) ?? null;
}

type Row = {
  tenantId: string;
  id: string;
  displayName: string;
  type: string;
  loginUrl: string | null;
  isDefault: unknown;
  certificateSha256: string | null;
  certificateNotAfter: unknown;
  certificate2Sha256: string | null;
  certificate2NotAfter: unknown;
};

/** Announces every certificate that entered a new stage; returns how many events were recorded. */
export async function announceExpiringCertificates(now = new Date()): Promise<number> {
  const { sql } = await db();
  const horizon = new Date(now.getTime() + (EXPIRY_WARNING_DAYS + 1) * DAY_MS);
  const rows = await sql.all<Row>(
    `SELECT "tenantId", id, "displayName", type, "loginUrl", "isDefault", "certificateSha256", "certificateNotAfter",
            "certificate2Sha256", "certificate2NotAfter"
     FROM "IdentityProvider" WHERE "certificateNotAfter" <= ? OR "certificate2NotAfter" <= ?`,
    [horizon, horizon],
  );
  let announced = 0;
  for (const row of rows) {
    const certificates = [
      { sha256: row.certificateSha256, notAfter: toDate(row.certificateNotAfter) },
      { sha256: row.certificate2Sha256, notAfter: toDate(row.certificate2NotAfter) },
    ];
    for (const { sha256, notAfter } of certificates) {
      if (!sha256 || !notAfter) continue;
      const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
      const stage = expiryStage(daysLeft);
      if (stage === null) continue;
      const recorded = await sql.tx(function* () {
        const notice = yield* run(
          `INSERT INTO "CertificateNotice" ("tenantId", "idpId", sha256, stage, at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
          [row.tenantId, row.id, sha256, stage, now],
        );
        if (notice.changes !== 1) return false;
        yield* recordEvent(sql.dialect, {
          tenantId: row.tenantId,
          type: "identity_provider.certificate_expiring",
          idpId: row.id,
          data: {
            identityProvider: {
              id: row.id,
              displayName: row.displayName,
              type: row.type,
              loginUrl: row.loginUrl,
              isDefault: toBool(row.isDefault),
            },
            certificateSha256: sha256,
            notAfter: notAfter.toISOString(),
            daysLeft,
          },
        });
        return true;
      });
      if (!recorded) continue;
      announced += 1;
      await alertAdmins(row.tenantId, "certificate_expiring", {
        subject: `the certificate of ${row.displayName} expires in ${daysLeft} day${daysLeft === 1 ? "" : "s"}`,
        heading: `A signing certificate of ${row.displayName} expires soon`,
        paragraphs: [
          `The certificate (SHA-256 ${sha256.slice(0, 16)}…) expires ${formatDateTime(notAfter)}. After that, nobody can sign in through ${row.displayName}.`,
          "Get the new certificate from your identity provider and add it as the second certificate, or import the new federation metadata.",
        ],
        action: { label: `Open ${row.displayName}`, url: `${appUrl()}/identity-providers/${row.id}/sso` },
      }).catch((error: unknown) => logError("alerts", "certificate alert failed", error));
    }
  }
  return announced;
}

const timers = globalThis as typeof globalThis & { __rollcallCertificateChecks?: NodeJS.Timeout };

/** Checks at start and then every CERTIFICATE_CHECK_MINUTES (default 60; 0 turns it off). */
export function startCertificateChecks(): void {
  const minutes = env().CERTIFICATE_CHECK_MINUTES;
  if (minutes <= 0 || timers.__rollcallCertificateChecks) return;
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    announceExpiringCertificates()
      .catch((error: unknown) => logError("certificates", "expiry check failed", error))
      .finally(() => {
        running = false;
      });
  };
  timers.__rollcallCertificateChecks = setInterval(check, minutes * 60_000);
  timers.__rollcallCertificateChecks.unref();
  check();
}
