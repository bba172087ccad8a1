/**
 * How long the operator console's tenants page takes to read with large tenants: fills a fresh
 * embedded database directly (tenants of N users each, a tenth disabled, 50 groups, a provisioning
 * log of recent requests with some errors), then times listTenantOverview — the whole page of
 * figures — as the median of 5 reads, with and without a search.
 *
 *   npx tsx bench/operator-tenants.ts [--users 100000] [--tenants 3] [--log 200000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    tenants: { type: "string", default: "3" },
    log: { type: "string", default: "200000" },
  },
});
const users = Number(values.users);
const tenants = Number(values.tenants);
const logRows = Number(values.log);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-operator-bench-"));
process.env.DATABASE_URL = `file:${path.join(dir, "rollcall.db")}`;
process.env.ROLLCALL_DATA_DIR = dir;

const { db, closeDb } = await import("../lib/db");
const { listTenantOverview } = await import("../lib/directory/tenant-overview");
const { newId } = await import("../lib/ids");
await db(); // creates the schema
await closeDb();

const started = Date.now();
const raw = new Sqlite(path.join(dir, "rollcall.db"));
raw.pragma("journal_mode = WAL");
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const fill = raw.transaction(() => {
  for (let t = 0; t < tenants; t++) {
    const tenantId = newId();
    raw
      .prepare(`INSERT INTO "Tenant" (id, name, "createdAt") VALUES (?, ?, ?)`)
      .run(tenantId, `Tenant ${t}`, iso(now));
    const user = raw.prepare(
      `INSERT INTO "ScimUser" ("tenantId", id, "userName", "userNameLower", active, doc, "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, '{}', ?, ?)`,
    );
    for (let i = 0; i < users; i++) {
      const name = `user${i}@tenant${t}.example`;
      user.run(
        tenantId,
        newId(now - (users - i) * 1000),
        name,
        name,
        i % 10 === 0 ? 0 : 1,
        iso(now),
        iso(now),
      );
    }
    const group = raw.prepare(
      `INSERT INTO "ScimGroup" ("tenantId", id, "displayName", "displayNameLower", doc, "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, '{}', ?, ?)`,
    );
    for (let g = 0; g < 50; g++) group.run(tenantId, newId(), `Group ${g}`, `group ${g}`, iso(now), iso(now));
    const log = raw.prepare(
      `INSERT INTO "ScimRequestLog" ("tenantId", id, at, method, path, status, "durationMs") VALUES (?, ?, ?, 'PATCH', '/Users', ?, 3)`,
    );
    // The last `log` requests over the last day, one in 50 an error.
    for (let i = 0; i < logRows; i++) {
      const at = now - Math.floor(((logRows - i) / logRows) * 86_400_000);
      log.run(tenantId, newId(at), iso(at), i % 50 === 0 ? 400 : 200);
    }
  }
});
fill();
raw.pragma("optimize");
raw.close();
console.log(
  `filled ${tenants} tenants × ${users} users, 50 groups, ${logRows} log rows in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);

async function median(label: string, read: () => Promise<unknown>) {
  await read();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await read();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: ${times[2]!.toFixed(1)} ms (median of 5)`);
}

const page = await listTenantOverview({});
console.log(
  page.tenants
    .map(
      (t) =>
        `${t.name}: ${t.users} users, ${t.activeUsers} active, ${t.groups} groups, ${t.errorsLastHour} errors in the last hour`,
    )
    .join("\n"),
);
await median("tenants page", () => listTenantOverview({}));
await median("tenants page, searched", () => listTenantOverview({ q: "tenant 1" }));
await closeDb();
fs.rmSync(dir, { recursive: true, force: true });
