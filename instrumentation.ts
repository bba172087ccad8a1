/**
 * Runs once when a server instance starts: check the environment (a typo in TRUST_PROXY must not
 * silently trust nobody or everybody, nor a bad number silently become a default), open the
 * database and apply pending migrations, keep the provisioning log complete through a graceful
 * shutdown, re-check verified email domains, announce signing certificates that expire soon, (on
 * PostgreSQL) number committed events in commit order, and deliver webhooks (with the events'
 * retention sweeps).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  try {
    env();
  } catch (error) {
    console.error(`rollcall: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { db } = await import("@/lib/db");
  await db();
  const { keepLogThroughShutdown } = await import("@/lib/provisioning/shutdown");
  keepLogThroughShutdown();
  const { startDomainRechecks } = await import("@/lib/sso/domain-sweep");
  startDomainRechecks();
  const { startCertificateChecks } = await import("@/lib/identity-providers/certificate-expiry");
  startCertificateChecks();
  const { startAlertChecks } = await import("@/lib/alerts/checks");
  startAlertChecks();
  const { startSequencer } = await import("@/lib/events/sequencer");
  if ((await db()).sql.dialect === "postgres") startSequencer();
  const { startWebhookDelivery } = await import("@/lib/webhooks/worker");
  startWebhookDelivery();
}
