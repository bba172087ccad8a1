/**
 * Roles from groups, in process on both databases: the SCIM handlers with the roles service, the
 * configuration changes, and the `user.updated` events each records — each role change exactly once,
 * in the transaction of the change — plus the live reads (effectiveRoles, rolesOfUsers).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/service";
import { closeDb, useDatabase } from "@/lib/db";
import type { SqlClient } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { addRole, listRoles, removeRole } from "@/lib/roles/definitions";
import { effectiveRoles, rolesOfUsers } from "@/lib/roles/effective";
import { addMapping, moveMapping, removeMapping, roleSettings, setDefaultRole } from "@/lib/roles/mappings";
import { scimRoles } from "@/lib/roles/scim";
import { NO_PROJECTION } from "@/lib/scim/projection";
import { groupHandler } from "@/lib/scim/resources/groups";
import type { ScimContext } from "@/lib/scim/resources/types";
import { userHandler } from "@/lib/scim/resources/users";
import { createDatabase, testDatabases, type Database } from "../support/app";
import { scimContext } from "../support/scim-context";

const ADMIN: Actor = { adminId: null, label: "test" };
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

type RoleEvent = { userId: string; before: unknown; after: unknown; roles: unknown };

describe.each(testDatabases())("roles from groups on %s", (kind) => {
  let database: Database;
  let sql: SqlClient;
  let ctx: ScimContext;
  let other: ScimContext;
  let seen = "";

  const user = async (c: ScimContext, userName: string) => {
    const r = await userHandler.create(c, { schemas: [USER], userName }, NO_PROJECTION);
    return String((r.body as { id: string }).id);
  };
  const group = async (c: ScimContext, displayName: string, members: string[] = [], externalId?: string) => {
    const body = { schemas: [GROUP], displayName, members: members.map((value) => ({ value })), externalId };
    const r = await groupHandler.create(c, body, NO_PROJECTION);
    return String((r.body as { id: string }).id);
  };
  const patch = (c: ScimContext, id: string, ...ops: unknown[]) =>
    groupHandler.patch(c, id, { schemas: [PATCH], Operations: ops }, null, null);

  /** The `user.updated` role changes recorded since the last call (and every type, for order checks). */
  async function roleEvents(): Promise<{ changes: RoleEvent[]; types: string[] }> {
    const rows = await sql.all<{ id: string; type: string; data: string }>(
      `SELECT id, type, data FROM "Event" WHERE "tenantId" = ? AND id > ? ORDER BY id`,
      [ctx.tenantId, seen],
    );
    if (rows.length > 0) seen = rows[rows.length - 1]!.id;
    const changes: RoleEvent[] = [];
    for (const r of rows) {
      const data = JSON.parse(r.data) as {
        user: { id: string; roles: unknown };
        changes?: { path: string; before: unknown; after: unknown }[];
      };
      const change = data.changes?.find((c) => c.path === "roles");
      if (r.type === "user.updated" && change) {
        changes.push({
          userId: data.user.id,
          before: change.before,
          after: change.after,
          roles: data.user.roles,
        });
      }
    }
    return { changes, types: rows.map((r) => r.type) };
  }

  const rolesNow = async (userId: string) => (await effectiveRoles(ctx.tenantId, userId)).roles;

  beforeAll(async () => {
    database = await createDatabase(kind);
    ({ sql } = await useDatabase(database.url));
    for (const tenant of ["t1", "t2"]) {
      await sql.run(`INSERT INTO "Tenant" (id, name, "createdAt") VALUES (?, ?, ?)`, [
        tenant,
        tenant,
        new Date(),
      ]);
    }
    ctx = scimContext(sql, "t1", scimRoles);
    other = scimContext(sql, "t2", scimRoles);
  });
  afterAll(async () => {
    await closeDb();
    await database?.drop();
  });

  it("gives no roles and records no role change while nothing is mapped", async () => {
    const ada = await user(ctx, "ada");
    const g = await group(ctx, "Admins", [ada]);
    const { changes, types } = await roleEvents();
    expect(changes).toEqual([]);
    expect(types).toEqual(["user.created", "group.created", "group.member_added"]);
    const created = await sql.get<{ data: string }>(`SELECT data FROM "Event" WHERE type = 'user.created'`);
    expect(JSON.parse(created!.data).user.roles).toEqual([]);
    expect(await rolesNow(ada)).toEqual([]);
    await sql.run(`DELETE FROM "ScimGroup" WHERE id = ?`, [g]);
    await sql.run(`DELETE FROM "ScimUser" WHERE id = ?`, [ada]);
  });

  it("defines roles in order and refuses a repeated or malformed key", async () => {
    for (const [key, name] of [
      ["admin", "Administrator"],
      ["member", "Member"],
      ["viewer", "Viewer"],
    ]) {
      await addRole({ key: key!, name: name! });
    }
    expect((await listRoles()).map((r) => [r.key, r.position])).toEqual([
      ["admin", 1],
      ["member", 2],
      ["viewer", 3],
    ]);
    await expect(addRole({ key: "admin", name: "Again" })).rejects.toMatchObject({
      fields: { key: expect.any(String) },
    });
    await expect(addRole({ key: "Bad Key", name: "x" })).rejects.toBeInstanceOf(AppError);
  });

  it("records user.updated once when a membership gives or takes a role, after the membership event", async () => {
    const ada = await user(ctx, "ada.lovelace");
    const bob = await user(ctx, "bob");
    const admins = await group(ctx, "Admins");
    await addMapping("t1", ADMIN, { groupId: admins, role: "admin" });
    await roleEvents();

    await patch(ctx, admins, { op: "add", path: "members", value: [{ value: ada }, { value: bob }] });
    let e = await roleEvents();
    expect(e.types).toEqual(["group.member_added", "group.member_added", "user.updated", "user.updated"]);
    expect(e.changes).toEqual(
      expect.arrayContaining([
        { userId: ada, before: [], after: ["admin"], roles: ["admin"] },
        { userId: bob, before: [], after: ["admin"], roles: ["admin"] },
      ]),
    );

    // Adding again changes nothing; removing takes the role.
    await patch(ctx, admins, { op: "add", path: "members", value: [{ value: ada }] });
    expect((await roleEvents()).changes).toEqual([]);
    await patch(ctx, admins, { op: "remove", path: `members[value eq "${bob}"]` });
    e = await roleEvents();
    expect(e.changes).toEqual([{ userId: bob, before: ["admin"], after: [], roles: [] }]);
    expect(await rolesNow(ada)).toEqual(["admin"]);
    expect(await rolesNow(bob)).toEqual([]);
  });

  it("orders roles by precedence, first is primary; a move re-orders them and says so", async () => {
    const ada = (await sql.get<{ id: string }>(
      `SELECT id FROM "ScimUser" WHERE "userName" = 'ada.lovelace'`,
    ))!.id;
    const staff = await group(ctx, "Staff", [ada]);
    await addMapping("t1", ADMIN, { groupId: staff, role: "member" });
    let e = await roleEvents();
    expect(e.changes).toEqual([
      { userId: ada, before: ["admin"], after: ["admin", "member"], roles: ["admin", "member"] },
    ]);
    const { mappings } = await roleSettings("t1");
    const staffMapping = mappings.find((m) => m.role.key === "member")!;
    expect(mappings.map((m) => [m.role.key, m.precedence])).toEqual([
      ["admin", 1],
      ["member", 2],
    ]);
    await moveMapping("t1", ADMIN, staffMapping.id, 1);
    e = await roleEvents();
    expect(e.changes).toEqual([
      { userId: ada, before: ["admin", "member"], after: ["member", "admin"], roles: ["member", "admin"] },
    ]);
    expect((await effectiveRoles("t1", ada)).role).toBe("member");
    await moveMapping("t1", ADMIN, staffMapping.id, 2);
    await roleEvents();
  });

  it("matches a name mapping to a provisioned group of that name (any case), and follows renames", async () => {
    const cy = await user(ctx, "cy");
    await addMapping("t1", ADMIN, { groupName: "Engineering", role: "viewer" });
    expect((await roleEvents()).changes).toEqual([]);
    const eng = await group(ctx, "ENGINEERING", [cy]);
    expect((await roleEvents()).changes).toEqual([
      { userId: cy, before: [], after: ["viewer"], roles: ["viewer"] },
    ]);
    await patch(ctx, eng, { op: "replace", path: "displayName", value: "Research" });
    expect((await roleEvents()).changes).toEqual([{ userId: cy, before: ["viewer"], after: [], roles: [] }]);
    await patch(ctx, eng, { op: "replace", path: "displayName", value: "engineering" });
    expect((await roleEvents()).changes).toEqual([
      { userId: cy, before: [], after: ["viewer"], roles: ["viewer"] },
    ]);
    // A rename that keeps the match (an id mapping) moves nobody.
    const admins = (await sql.get<{ id: string }>(
      `SELECT id FROM "ScimGroup" WHERE "displayName" = 'Admins'`,
    ))!;
    await patch(ctx, admins.id, { op: "replace", path: "displayName", value: "Administrators" });
    expect((await roleEvents()).changes).toEqual([]);
  });

  it("takes a deleted group's roles from its members, and its id mappings go with it", async () => {
    const dee = await user(ctx, "dee");
    const temp = await group(ctx, "Temps", [dee]);
    await addMapping("t1", ADMIN, { groupId: temp, role: "member" });
    expect((await roleEvents()).changes).toEqual([
      { userId: dee, before: [], after: ["member"], roles: ["member"] },
    ]);
    await groupHandler.delete(ctx, temp, null);
    const e = await roleEvents();
    expect(e.types).toEqual(["group.deleted", "user.updated"]);
    expect(e.changes).toEqual([{ userId: dee, before: ["member"], after: [], roles: [] }]);
    expect(
      (await roleSettings("t1")).mappings.some((m) => m.target.kind === "group" && m.target.groupId === temp),
    ).toBe(false);
  });

  it("gives the default role to users no mapping matches, and records it for each of them", async () => {
    const before = await sql.all<{ id: string }>(`SELECT id FROM "ScimUser" WHERE "tenantId" = 't1'`);
    const unmatched = [];
    for (const { id } of before) if ((await rolesNow(id)).length === 0) unmatched.push(id);
    await setDefaultRole("t1", ADMIN, "viewer");
    const e = await roleEvents();
    expect(e.changes.map((c) => c.userId).sort()).toEqual([...unmatched].sort());
    expect(e.changes.every((c) => JSON.stringify(c.after) === '["viewer"]')).toBe(true);
    // A new user has it from the start, in user.created.
    const eve = await user(ctx, "eve");
    const created = await sql.get<{ data: string }>(
      `SELECT data FROM "Event" WHERE type = 'user.created' ORDER BY id DESC`,
    );
    expect(JSON.parse(created!.data).user).toMatchObject({ id: eve, roles: ["viewer"] });
    expect((await effectiveRoles("t1", eve)).grants).toEqual([
      { kind: "default", role: { key: "viewer", name: "Viewer" } },
    ]);
    await roleEvents();
    await setDefaultRole("t1", ADMIN, "viewer");
    expect((await roleEvents()).changes).toEqual([]);
  });

  it("matches the groups claim by name (any case), by a group's id or externalId", async () => {
    const ext = await group(ctx, "Claims", [], "entra-object-id-1");
    await addMapping("t1", ADMIN, { groupId: ext, role: "admin" });
    const nobody = "no-such-user";
    expect((await effectiveRoles("t1", nobody, ["engineering"])).roles).toEqual(["viewer"]);
    const r = await effectiveRoles("t1", nobody, ["entra-object-id-1", "ENGINEERING"]);
    expect(r.roles).toEqual(["viewer", "admin"]); // the Engineering mapping comes first
    expect(r.grants.map((g) => g.kind)).toEqual(["claim", "claim"]);
    expect((await effectiveRoles("t1", nobody, [])).roles).toEqual(["viewer"]);
    await roleEvents();
  });

  it("keeps tenants apart: another tenant's group cannot be mapped, and its users are not touched", async () => {
    const theirs = await group(other, "Admins");
    await expect(addMapping("t1", ADMIN, { groupId: theirs, role: "admin" })).rejects.toMatchObject({
      fields: { groupId: expect.any(String) },
    });
    await expect(addMapping("t1", ADMIN, { groupName: "x", role: "nope" })).rejects.toMatchObject({
      fields: { role: expect.any(String) },
    });
    await expect(addMapping("t1", ADMIN, { role: "admin" })).rejects.toMatchObject({
      fields: { groupId: expect.any(String) },
    });
    const otherUser = await user(other, "ada");
    await patch(other, theirs, { op: "add", path: "members", value: [{ value: otherUser }] });
    expect((await effectiveRoles("t2", otherUser)).roles).toEqual([]);
  });

  it("reads the roles of many users at once, as the directory API does", async () => {
    const ids = (await sql.all<{ id: string }>(`SELECT id FROM "ScimUser" WHERE "tenantId" = 't1'`)).map(
      (r) => r.id,
    );
    const many = await rolesOfUsers("t1", ids);
    for (const id of ids) expect(many.get(id)).toEqual(await rolesNow(id));
  });

  it("removes a role everywhere, recording each user who loses it", async () => {
    const holders = [];
    for (const { id } of await sql.all<{ id: string }>(`SELECT id FROM "ScimUser" WHERE "tenantId" = 't1'`)) {
      if ((await rolesNow(id)).includes("viewer")) holders.push(id);
    }
    expect(holders.length).toBeGreaterThan(2);
    await roleEvents();
    expect(await removeRole("viewer")).toEqual({ key: "viewer", tenants: 1 });
    const e = await roleEvents();
    expect(e.changes.map((c) => c.userId).sort()).toEqual([...holders].sort());
    expect((await roleSettings("t1")).defaultRole).toBeNull();
    await expect(removeRole("viewer")).rejects.toMatchObject({ code: "not_found" });
  });

  it("goes with a deleted tenant", async () => {
    const g = await group(other, "Doomed");
    await addMapping("t2", ADMIN, { groupId: g, role: "admin" });
    await setDefaultRole("t2", ADMIN, "admin");
    await sql.run(`DELETE FROM "Tenant" WHERE id = 't2'`);
    const left = await sql.all(
      `SELECT "tenantId" FROM "RoleMapping" WHERE "tenantId" = 't2' UNION ALL SELECT "tenantId" FROM "TenantDefaultRole" WHERE "tenantId" = 't2'`,
    );
    expect(left).toEqual([]);
  });

  it("maps a large group in one transaction: an event per member", async () => {
    const n = 2000;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await user(ctx, `bulk-${i}`));
    const big = await group(ctx, "Everyone");
    for (let i = 0; i < n; i += 500) {
      await patch(ctx, big, {
        op: "add",
        path: "members",
        value: ids.slice(i, i + 500).map((value) => ({ value })),
      });
    }
    await roleEvents();
    const started = performance.now();
    await addMapping("t1", ADMIN, { groupId: big, role: "member", precedence: 1 });
    const ms = performance.now() - started;
    const e = await roleEvents();
    expect(e.changes).toHaveLength(n);
    expect(new Set(e.changes.map((c) => c.userId)).size).toBe(n);
    console.log(`${kind}: mapping a ${n}-member group: ${Math.round(ms)} ms (${n} events)`);
    const m = (await roleSettings("t1")).mappings.find((x) => x.role.key === "member" && x.precedence === 1)!;
    await removeMapping("t1", ADMIN, m.id);
    expect((await roleEvents()).changes).toHaveLength(n);
  });
});
