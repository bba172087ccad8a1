/**
 * Runs once when a server instance starts: check TRUST_PROXY (a typo must not silently trust
 * nobody or everybody), open the database and apply pending migrations, keep the provisioning log
 * complete through a graceful shutdown, and re-check verified email domains.
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
}
