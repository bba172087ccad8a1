/**
 * What roles from groups cost on a large tenant (decision 0015), on a fresh embedded database
 * filled directly: N users (with documents like Entra's), one group of M members and 50 small ones.
 *
 *   - SCIM: adding 25 members to the big group (a PATCH, in process), 200 times each, while the
 *     tenant maps nothing, while it maps other groups, and while the big group itself is mapped
 *     (25 role events a PATCH): p50 and p99;
 *   - a mapping of the big group added and removed (an event per member, in one transaction), and
 *     a default role set (an event per user no mapping matches);
 *   - reading one user's roles, and a page of 1,000 users' (the directory API's).
 *
 *   npx tsx bench/roles.ts [--users 100000] [--members 50000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";

const { values } = parseArgs({
  options: { users: { type: "string", default: "100000" }, members: { type: "string", default: "50000" } },
});
const users = Number(values.users);
const members = Math.min(Number(values.members), users - 20_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-roles-bench-"));
process.env.DATABASE_URL = `file:${path.join(dir, "rollcall.db")}`;
process.env.ROLLCALL_DATA_DIR = dir;

const { db, closeDb } = await import("../lib/db");
const { newId } = await import("../lib/ids");
await db(); // creates the schema
await closeDb();

const tenantId = newId();
const bigGroup = newId();
const userIds: string[] = [];
const smallGroups: string[] = [];
const raw = new Sqlite(path.join(dir, "rollcall.db"));
raw.pragma("journal_mode = WAL");
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const now = Date.now();
const filled = performance.now();
raw.transaction(() => {
  raw.prepare(`INSERT INTO "Tenant" (id, name, "createdAt") VALUES (?, ?, ?)`).run(tenantId, "Big", iso(now));
  const user = raw.prepare(
    `INSERT INTO "ScimUser" ("tenantId", id, "userName", "userNameLower", active, doc, "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  for (let i = 0; i < users; i++) {
    const id = newId(now - (users - i) * 10);
    const userName = `user${i}@big.example`;
    const doc = {
      userName,
      active: true,
      displayName: `User ${i}`,
      name: { givenName: "User", familyName: String(i) },
      emails: [{ value: userName, type: "work", primary: true }],
      externalId: `ext-${i}`,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: `Dept ${i % 40}` },
    };
    user.run(tenantId, id, userName, userName, JSON.stringify(doc), iso(now), iso(now));
    userIds.push(id);
  }
  const group = raw.prepare(
    `INSERT INTO "ScimGroup" ("tenantId", id, "displayName", "displayNameLower", doc, "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const member = raw.prepare(
    `INSERT INTO "ScimGroupMember" ("tenantId", "groupId", "memberId", "addedAt") VALUES (?, ?, ?, ?)`,
  );
  group.run(
    tenantId,
    bigGroup,
    "Everyone",
    "everyone",
    JSON.stringify({ displayName: "Everyone" }),
    iso(now),
    iso(now),
  );
  for (let i = 0; i < members; i++) member.run(tenantId, bigGroup, userIds[i], iso(now));
  for (let g = 0; g < 50; g++) {
    const id = newId();
    smallGroups.push(id);
    group.run(
      tenantId,
      id,
      `Team ${g}`,
      `team ${g}`,
      JSON.stringify({ displayName: `Team ${g}` }),
      iso(now),
      iso(now),
    );
    for (let i = 0; i < 25; i++) member.run(tenantId, id, userIds[(g * 997 + i * 31) % users], iso(now));
  }
})();
raw.pragma("optimize");
raw.close();
console.log(
  `filled ${users} users, a group of ${members} and 50 of 25 in ${Math.round(performance.now() - filled)} ms`,
);

const { db: open } = await import("../lib/db");
const { sql } = await open();
const { addRole } = await import("../lib/roles/definitions");
const { addMapping, removeMapping, setDefaultRole, roleSettings } = await import("../lib/roles/mappings");
const { effectiveRoles, rolesOfUsers } = await import("../lib/roles/effective");
const { scimRoles } = await import("../lib/roles/scim");
const { groupHandler } = await import("../lib/scim/resources/groups");
const { NO_ROLES } = await import("../lib/scim/dispatcher");
const { BUILT_IN_TYPES } = await import("../lib/scim/schema/resource-types");

const ctx = {
  tenantId,
  idpId: "bench",
  baseUrl: "https://rollcall.test/api/scim/v2",
  directoryBaseUrl: "https://rollcall.test/api/scim/v2",
  sql,
  types: BUILT_IN_TYPES,
  hashSecret: async (s: string) => s,
  roles: scimRoles,
};
const actor = { adminId: null, label: "bench" };
for (const [key, name] of [
  ["admin", "Administrator"],
  ["member", "Member"],
  ["viewer", "Viewer"],
] as const) {
  await addRole({ key, name });
}

const events = async () =>
  Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "Event"`))?.n ?? 0);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const rows: string[][] = [];

/** 200 PATCHes each adding 25 new members to the big group (users not yet in it). */
let next = members;
async function patches(label: string, roles = scimRoles): Promise<void> {
  const times: number[] = [];
  const before = await events();
  for (let r = 0; r < 200; r++) {
    const add = userIds.slice(next, next + 25).map((value) => ({ value }));
    next += 25;
    const started = performance.now();
    await groupHandler.patch(
      { ...ctx, roles },
      bigGroup,
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "add", path: "members", value: add }],
      },
      null,
      null,
    );
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const written = (await events()) - before;
  rows.push([
    label,
    `p50 ${quantile(times, 0.5).toFixed(2)} ms`,
    `p99 ${quantile(times, 0.99).toFixed(2)} ms`,
    `${written} events`,
  ]);
}

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const before = await events();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const written = (await events()) - before;
  rows.push([
    label,
    `${Math.round(ms)} ms`,
    `${written} events`,
    written > 0 ? `${Math.round((written / ms) * 1000)} events/s` : "",
  ]);
}

await patches("PATCH +25 members, without roles (before them)", NO_ROLES);
await patches("PATCH +25 members, nothing mapped");
await addMapping(tenantId, actor, { groupId: smallGroups[0]!, role: "admin" });
await addMapping(tenantId, actor, { groupName: "Team 1", role: "viewer" });
await patches("PATCH +25 members, other groups mapped");
const size = async () =>
  Number(
    (
      await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "ScimGroupMember" WHERE "groupId" = ?`, [
        bigGroup,
      ])
    )?.n ?? 0,
  );
await timed(`map the ${await size()}-member group`, () =>
  addMapping(tenantId, actor, { groupId: bigGroup, role: "member" }),
);
await patches("PATCH +25 members, the group mapped");
const big = (await roleSettings(tenantId)).mappings.find((m) => m.group?.id === bigGroup)!;
await timed(`unmap the ${await size()}-member group`, () => removeMapping(tenantId, actor, big.id));
await timed(`default role on ${users} users`, () => setDefaultRole(tenantId, actor, "viewer"));

const reads: number[] = [];
for (let i = 0; i < 1000; i++) {
  const started = performance.now();
  await effectiveRoles(tenantId, userIds[(i * 7919) % users]!);
  reads.push(performance.now() - started);
}
reads.sort((a, b) => a - b);
rows.push([
  "one user's roles",
  `p50 ${quantile(reads, 0.5).toFixed(3)} ms`,
  `p99 ${quantile(reads, 0.99).toFixed(3)} ms`,
  "",
]);
const page = userIds.slice(0, 1000);
const pageTimes: number[] = [];
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  await rolesOfUsers(tenantId, page);
  pageTimes.push(performance.now() - started);
}
pageTimes.sort((a, b) => a - b);
rows.push(["1,000 users' roles (a page)", `p50 ${quantile(pageTimes, 0.5).toFixed(1)} ms`, "", ""]);

const width = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(width[c]!)).join("  "));
await closeDb();
fs.rmSync(dir, { recursive: true, force: true });
