/**
 * Runs once when a server instance starts: check TRUST_PROXY (a typo must not silently trust
 * nobody or everybody), open the database and apply pending migrations, keep the provisioning log
 * complete through a graceful shutdown, re-check verified email domains, (on PostgreSQL) number
 * committed events in commit order, and deliver webhooks (with the events' retention sweeps).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { trustProxy } = await import("@/lib/security/client-address");
  try {
    trustProxy();
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
  const { startSequencer } = await import("@/lib/events/sequencer");
  if ((await db()).sql.dialect === "postgres") startSequencer();
  const { startWebhookDelivery } = await import("@/lib/webhooks/worker");
  startWebhookDelivery();
}
