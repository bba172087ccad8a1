/**
 * Runs once when a server instance starts: open the database and apply pending migrations, keep
 * the provisioning log complete through a graceful shutdown, and re-check verified email domains.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { db } = await import("@/lib/db");
  await db();
  const { keepLogThroughShutdown } = await import("@/lib/provisioning/shutdown");
  keepLogThroughShutdown();
  const { startDomainRechecks } = await import("@/lib/sso/domains");
  startDomainRechecks();
}
