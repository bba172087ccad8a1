/**
 * The operator console's reads, on both databases: the tenants overview (figures per tenant, health,
 * search by name or id, pages) and the recent events (newest first, filters, paging back by cursor).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, useDatabase } from "@/lib/db";
import type { SqlClient } from "@/lib/db/sql";
import { listTenantOverview, tenantNames, TENANTS_PAGE_SIZE } from "@/lib/directory/tenant-overview";
import { readRecentEvents } from "@/lib/events/recent";
import { createDatabase, testDatabases, type Database } from "../support/app";

describe.each(testDatabases())("operator console reads on %s", (kind) => {
  let database: Database;
  let sql: SqlClient;
  const now = new Date();
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  beforeAll(async () => {
    database = await createDatabase(kind);
    ({ sql } = await useDatabase(database.url));
    const tenant = (id: string, name: string, trippedAt: Date | null = null) =>
      sql.run(`INSERT INTO "Tenant" (id, name, "createdAt", "guardTrippedAt") VALUES (?, ?, ?, ?)`, [
        id,
        name,
        now,
        trippedAt,
      ]);
    await tenant("t-orsted", "Ørsted Ölwerke", ago(5));
    await tenant("t-empty", "Empty Co");
    for (let i = 0; i < 30; i++) await tenant(`t-bulk-${i}`, `Bulk ${String(i).padStart(2, "0")}`);
    for (let i = 0; i < 12; i++) {
      await sql.run(
        `INSERT INTO "ScimUser" ("tenantId", id, "userName", "userNameLower", active, doc, "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, '{}', ?, ?)`,
        ["t-orsted", `u${i}`, `u${i}`, `u${i}`, i % 4 !== 0, now, now],
      );
    }
    await sql.run(
      `INSERT INTO "ScimGroup" ("tenantId", id, "displayName", "displayNameLower", doc, "createdAt", "updatedAt")
       VALUES (?, 'g1', 'G', 'g', '{}', ?, ?)`,
      ["t-orsted", now, now],
    );
    await sql.run(
      `INSERT INTO "IdentityProvider" ("tenantId", id, "displayName", type, "provisioningId", "createdAt", "updatedAt")
       VALUES (?, 'i1', 'Entra', 'wsfed', 'p-orsted', ?, ?)`,
      ["t-orsted", now, now],
    );
    await sql.run(
      `INSERT INTO "DeprovisionHold" ("tenantId", id, at, "idpId", "userId", kind, method) VALUES (?, 'h1', ?, 'i1', 'u1', 'delete', 'DELETE')`,
      ["t-orsted", now],
    );
    // Requests: two errors within the hour, one two hours ago (not counted), the last at 1 minute.
    const log = (id: string, minutesAgo: number, status: number) =>
      sql.run(
        `INSERT INTO "ScimRequestLog" ("tenantId", id, at, method, path, status, "durationMs") VALUES (?, ?, ?, 'POST', '/Users', ?, 1)`,
        ["t-orsted", id, ago(minutesAgo), status],
      );
    await log("r1", 120, 500);
    await log("r2", 30, 400);
    await log("r3", 10, 409);
    await log("r4", 1, 201);
    // Events 1–60: tenant.created for t-orsted first, then user.created alternating between tenants.
    for (let seq = 1; seq <= 60; seq++) {
      const [tenantId, type] =
        seq === 1 ? ["t-orsted", "tenant.created"] : [seq % 2 ? "t-orsted" : "t-empty", "user.created"];
      await sql.run(
        `INSERT INTO "Event" (id, seq, "tenantId", at, type, "idpId", data) VALUES (?, ?, ?, ?, ?, NULL, ?)`,
        [`e${seq}`, seq, tenantId, now, type, JSON.stringify({ n: seq })],
      );
    }
  });
  afterAll(async () => {
    await closeDb();
    await database?.drop();
  });

  it("gives each tenant its counts and health", async () => {
    const { tenants, total } = await listTenantOverview({ q: "ørsted" }, now);
    expect(total).toBe(1);
    expect(tenants[0]).toMatchObject({
      id: "t-orsted",
      name: "Ørsted Ölwerke",
      users: 12,
      activeUsers: 9,
      groups: 1,
      identityProviders: 1,
      errorsLastHour: 2,
      held: 1,
      guardEnabled: true,
      lastScimAt: ago(1),
      guardTrippedAt: ago(5),
    });
    const empty = (await listTenantOverview({ q: "t-empty" }, now)).tenants;
    expect(empty).toEqual([
      expect.objectContaining({
        id: "t-empty",
        users: 0,
        activeUsers: 0,
        groups: 0,
        errorsLastHour: 0,
        lastScimAt: null,
        guardTrippedAt: null,
        held: 0,
      }),
    ]);
  });

  it("searches names case-insensitively (all of Unicode) and ids exactly; pages in name order", async () => {
    expect((await listTenantOverview({ q: "ÖLWERKE" })).tenants.map((t) => t.id)).toEqual(["t-orsted"]);
    expect((await listTenantOverview({ q: "t-bulk" })).total).toBe(0); // ids match whole only
    expect((await listTenantOverview({ q: "100%_" })).total).toBe(0); // wildcards are literal
    const first = await listTenantOverview({ q: "bulk" });
    expect(first).toMatchObject({ total: 30, page: 1, pages: 2 });
    expect(first.tenants).toHaveLength(TENANTS_PAGE_SIZE);
    expect(first.tenants[0]!.name).toBe("Bulk 00");
    const second = await listTenantOverview({ q: "bulk", page: 2 });
    expect(second.tenants.map((t) => t.name)).toEqual([
      "Bulk 25",
      "Bulk 26",
      "Bulk 27",
      "Bulk 28",
      "Bulk 29",
    ]);
    // A page past the end shows the last one.
    expect((await listTenantOverview({ q: "bulk", page: 99 })).page).toBe(2);
    expect(await tenantNames(["t-empty", "gone"])).toEqual(new Map([["t-empty", "Empty Co"]]));
  });

  it("reads events newest first, and pages back by cursor without gaps or repeats", async () => {
    const seen: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await readRecentEvents({ before, limit: 25 });
      seen.push(...page.events.map((e) => e.seq));
      if (page.older === null) break;
      before = page.older;
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => 60 - i));
    const first = await readRecentEvents({ limit: 2 });
    expect(first.events.map((e) => e.id)).toEqual(["evt_0000000000000060", "evt_0000000000000059"]);
    expect(first.events[0]).toMatchObject({ type: "user.created", tenantId: "t-empty", data: { n: 60 } });
    expect(first.older).toBe(59);
  });

  it("filters by tenant and type; an old or odd cursor is an empty page, not an error", async () => {
    const orsted = await readRecentEvents({ limit: 100, tenantId: "t-orsted" });
    expect(orsted.events.map((e) => e.seq)).toEqual([...Array.from({ length: 29 }, (_, i) => 59 - 2 * i), 1]);
    expect(orsted.older).toBeNull();
    const created = await readRecentEvents({ limit: 100, types: ["tenant.created"] });
    expect(created.events.map((e) => e.seq)).toEqual([1]);
    expect((await readRecentEvents({ limit: 10, before: 1 })).events).toEqual([]);
    expect((await readRecentEvents({ limit: 10, before: 10_000 })).events[0]!.seq).toBe(60);
    expect((await readRecentEvents({ limit: 10, tenantId: "nobody" })).events).toEqual([]);
  });
});
