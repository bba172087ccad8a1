/** The provisioning log: batched writes, and pruning by age in bounded batches, on both databases. */
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, useDatabase } from "@/lib/db";
import { flushRequestLog, logScimRequest, pruneRequestLog } from "@/lib/provisioning/request-log";
import { createDatabase, testDatabases, type Database } from "../support/app";

describe.each(testDatabases())("provisioning log on %s", (kind) => {
  let database: Database;
  afterAll(async () => {
    await closeDb();
    await database?.drop();
  });

  it("writes buffered rows and prunes only rows older than the retention period", async () => {
    database = await createDatabase(kind);
    const { sql } = await useDatabase(database.url);
    await sql.run(`INSERT INTO "Tenant" (id, name, "createdAt") VALUES (?, ?, ?)`, ["t1", "T", new Date()]);
    const now = new Date();
    const entry = (daysAgo: number, path: string) => ({
      tenantId: "t1",
      idpId: "i1",
      at: new Date(now.getTime() - daysAgo * 86_400_000),
      method: "GET",
      path,
      status: 200,
      durationMs: 1,
      resourceType: "User",
      resourceId: null,
      userAgent: null,
      scimType: null,
      detail: null,
      unknownAttribute: null,
      changes: [{ path: "userName", after: "x" }],
    });
    // 250 rows: one batch of 200 written on its own, the rest on flush.
    for (let i = 0; i < 250; i++) logScimRequest(entry(1, `/recent/${i}`));
    await flushRequestLog();
    const count = async () =>
      Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "ScimRequestLog"`))?.n);
    expect(await count()).toBe(250);
    for (let i = 0; i < 30; i++) {
      await sql.run(
        `INSERT INTO "ScimRequestLog" ("tenantId", id, at, method, path, status, "durationMs") VALUES (?, ?, ?, 'GET', ?, 200, 1)`,
        ["t1", `old-${i}`, new Date(now.getTime() - 40 * 86_400_000), `/old/${i}`],
      );
    }
    expect(await pruneRequestLog(now)).toBe(30);
    expect(await count()).toBe(250);
    const paths = await sql.all<{ path: string }>(`SELECT path FROM "ScimRequestLog" ORDER BY path`);
    expect(paths.every((p) => p.path.startsWith("/recent/"))).toBe(true);
    expect(await pruneRequestLog(now)).toBe(0);
  });
});
