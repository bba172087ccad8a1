/**
 * Roles stay exact when changes run at once (decision 0015): concurrent membership changes of mapped
 * groups, renames, users' own changes and configuration changes on one tenant — on PostgreSQL ten
 * transactions at a time, numbered by the events' sequencer as in production. Afterwards each user's
 * last event carries the roles the user has: a consumer that applies the events in order ends where
 * the directory is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/service";
import { closeDb, useDatabase } from "@/lib/db";
import type { SqlClient } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { sequencePending } from "@/lib/events/sequencer";
import { addRole } from "@/lib/roles/definitions";
import { effectiveRoles } from "@/lib/roles/effective";
import { addMapping, moveMapping, removeMapping, roleSettings, setDefaultRole } from "@/lib/roles/mappings";
import { scimRoles } from "@/lib/roles/scim";
import { NO_PROJECTION } from "@/lib/scim/projection";
import { groupHandler } from "@/lib/scim/resources/groups";
import { userHandler } from "@/lib/scim/resources/users";
import { createDatabase, testDatabases, type Database } from "../support/app";
import { scimContext } from "../support/scim-context";

const ADMIN: Actor = { adminId: null, label: "test" };
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testDatabases())("roles under concurrent changes on %s", (kind) => {
  let database: Database;
  let sql: SqlClient;

  beforeAll(async () => {
    database = await createDatabase(kind);
    ({ sql } = await useDatabase(database.url));
    await sql.run(`INSERT INTO "Tenant" (id, name, "createdAt") VALUES ('tc', 'tc', ?)`, [new Date()]);
  });
  afterAll(async () => {
    await closeDb();
    await database?.drop();
  });

  it("leaves each user's last event carrying the roles the user has", { timeout: 120_000 }, async () => {
    const ctx = scimContext(sql, "tc", scimRoles);
    const next = random(Number(process.env.ROLES_SEED ?? 18));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    await addRole({ key: "a", name: "A" });
    await addRole({ key: "b", name: "B" });
    const users: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await userHandler.create(ctx, { userName: `u${i}` }, NO_PROJECTION);
      users.push(String((r.body as { id: string }).id));
    }
    const groups: string[] = [];
    for (const name of ["One", "Team Two", "Three", "Four"]) {
      const r = await groupHandler.create(ctx, { displayName: name }, NO_PROJECTION);
      groups.push(String((r.body as { id: string }).id));
    }
    await addMapping("tc", ADMIN, { groupId: groups[0]!, role: "a" });
    await addMapping("tc", ADMIN, { groupName: "team two", role: "b" });
    await addMapping("tc", ADMIN, { groupId: groups[2]!, role: "a" });

    const patch = (id: string, op: unknown) =>
      groupHandler.patch(ctx, id, { schemas: [PATCH], Operations: [op] }, null, null);
    const operations: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < 120; i++) {
      const roll = next();
      const user = pick(users);
      const group = pick(groups);
      if (roll < 0.35)
        operations.push(() => patch(group, { op: "add", path: "members", value: [{ value: user }] }));
      else if (roll < 0.65)
        operations.push(() => patch(group, { op: "remove", path: `members[value eq "${user}"]` }));
      else if (roll < 0.8) {
        const n = i;
        operations.push(() =>
          userHandler.patch(
            ctx,
            user,
            { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: `U ${n}` }] },
            null,
            null,
          ),
        );
      } else if (roll < 0.87) {
        const name = pick(["Team Two", "Other Two"]);
        operations.push(() => patch(groups[1]!, { op: "replace", path: "displayName", value: name }));
      } else if (roll < 0.91) operations.push(() => setDefaultRole("tc", ADMIN, pick(["b", null])));
      else if (roll < 0.95)
        operations.push(() => addMapping("tc", ADMIN, { groupId: groups[3]!, role: pick(["a", "b"]) }));
      else {
        operations.push(async () => {
          const { mappings } = await roleSettings("tc");
          const m = pick(mappings);
          return next() < 0.5 ? moveMapping("tc", ADMIN, m.id, 1) : removeMapping("tc", ADMIN, m.id);
        });
      }
    }
    // Ten at a time, as ten requests in flight; the sequencer numbers what commits meanwhile.
    let running = true;
    const numbering = (async () => {
      while (running) {
        await sequencePending();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    let index = 0;
    const worker = async () => {
      while (index < operations.length) {
        const op = operations[index++]!;
        await op().catch((error: unknown) => {
          if (!(error instanceof AppError)) throw error; // a mapping that exists already, or is gone
        });
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    running = false;
    await numbering;
    while ((await sequencePending()) > 0);

    const rows = await sql.all<{ data: string; type: string }>(
      `SELECT type, data FROM "Event" WHERE "tenantId" = 'tc' AND type LIKE 'user.%' ORDER BY seq`,
    );
    const last = new Map<string, unknown>();
    for (const r of rows) {
      const user = (JSON.parse(r.data) as { user: { id: string; roles: unknown } }).user;
      last.set(user.id, user.roles);
    }
    for (const id of users) expect(last.get(id), id).toEqual((await effectiveRoles("tc", id)).roles);
  });
});
