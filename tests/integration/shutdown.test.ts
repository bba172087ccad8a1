/** A graceful stop (SIGTERM, as in a rolling deploy) keeps the log rows of the last requests. */
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  createDatabase,
  provisionedTenant,
  startApp,
  testDatabases,
  type Database as TestDatabase,
} from "../support/app";

async function logRows(database: TestDatabase): Promise<number> {
  const query = `SELECT COUNT(*) AS n FROM "ScimRequestLog"`;
  if (database.kind === "sqlite") {
    const db = new Database(database.url.slice("file:".length), { readonly: true });
    const n = Number((db.prepare(query).get() as { n: number }).n);
    db.close();
    return n;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(query);
  await client.end();
  return Number(rows[0]!.n);
}

describe.each(testDatabases())("graceful shutdown on %s", (kind) => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it("writes the provisioning log rows of requests answered just before SIGTERM", async () => {
    database = await createDatabase(kind);
    const app = await startApp(kind, { database });
    const t = await provisionedTenant(app);
    const requests = 7;
    for (let i = 0; i < requests; i++) {
      const res = await fetch(`${t.tenantUrl}/Users?filter=${encodeURIComponent(`userName eq "u${i}"`)}`, {
        headers: { Authorization: `Bearer ${t.token}` },
      });
      expect(res.status).toBe(200);
    }
    await app.stop(); // SIGTERM right away: the rows are still in the 250 ms write buffer
    expect(await logRows(database)).toBe(requests);
  });
});
