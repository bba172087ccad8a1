/**
 * The reads roles need, each one statement, and the locks that keep them exact.
 *
 * A tenant's configuration (its mappings with the groups they match, and its default role) is read
 * in one query — with, for one user, whether they are in each matched group: a user's roles are one
 * query. For many users, their memberships in the matched groups are one query per 500 users.
 *
 * Locks (PostgreSQL; SQLite runs one write transaction at a time, so there they are nothing). Every
 * lock is a transaction-scoped advisory lock, per tenant, taken in this order and before the
 * transaction writes any row:
 *   definitions  shared by a change of a tenant's configuration, exclusive while a role definition
 *                is removed (which changes every tenant that used it);
 *   config       shared by every SCIM write, exclusive by a change of the tenant's configuration:
 *                no SCIM change runs while roles are recomputed, and each one sees the configuration
 *                its transaction will commit with;
 *   memberships  exclusive by a change of a mapped group, shared by a user's change: two changes of
 *                one user's mapped groups, or a user's event and such a change, read each other's
 *                committed memberships instead of both reading the state before either.
 * Before any write, because PostgreSQL gives a transaction its id at its first write and the events'
 * sequencer numbers the events of transactions that commit together by that id: a transaction that
 * waited for another one's lock then also gets the later id, and its events the later numbers.
 */
import { fold } from "@/lib/db/fold";
import { all, get, run, toBool, type Dialect, type Work } from "@/lib/db/sql";
import { chunks } from "@/lib/scim/resources/store";
import { byPrecedence, type Mapping, type RoleWorld } from "./resolve";

const LOCK_CLASS = { definitions: 0x524f4c01, config: 0x524f4c02, memberships: 0x524f4c03 } as const;

type RolesLock = keyof typeof LOCK_CLASS;

/** Takes roles locks (PostgreSQL), in the order given, for the rest of the transaction. */
export function* lockRoles(
  dialect: Dialect,
  locks: RolesLock | RolesLock[],
  mode: "shared" | "exclusive",
  tenantId = "",
): Work<void> {
  if (dialect !== "postgres") return;
  const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
  const list = Array.isArray(locks) ? locks : [locks];
  yield* run(
    `SELECT ${list.map((lock) => `${fn}(${LOCK_CLASS[lock]}, hashtext(?))`).join(", ")}`,
    list.map(() => tenantId),
  );
}

type WorldRow = {
  id: string | null;
  precedence: number | null;
  groupId: string | null;
  groupName: string | null;
  groupNameLower: string | null;
  roleKey: string;
  roleName: string;
  matchedId: string | null;
  matchedName: string | null;
  matchedExternalId: string | null;
  member?: unknown;
};

/** The tenant's configuration; with `userId`, also which matched groups the user is in. */
export function* loadWorld(tenantId: string, userId?: string): Work<RoleWorld & { memberOf: Set<string> }> {
  const member =
    userId === undefined
      ? ""
      : `, EXISTS (SELECT 1 FROM "ScimGroupMember" gm WHERE gm."tenantId" = m."tenantId"
           AND gm."groupId" = COALESCE(g.id, n.id) AND gm."memberId" = ?) AS member`;
  const rows = yield* all<WorldRow>(
    `SELECT m.id, m.precedence, m."groupId", m."groupName", m."groupNameLower", r.key AS "roleKey",
            r.name AS "roleName", COALESCE(g.id, n.id) AS "matchedId",
            COALESCE(g."displayName", n."displayName") AS "matchedName",
            COALESCE(g."externalId", n."externalId") AS "matchedExternalId"${member}
       FROM "RoleMapping" m
       JOIN "Role" r ON r.id = m."roleId"
       LEFT JOIN "ScimGroup" g ON g."tenantId" = m."tenantId" AND g.id = m."groupId"
       LEFT JOIN "ScimGroup" n ON n."tenantId" = m."tenantId" AND n."displayNameLower" = m."groupNameLower"
      WHERE m."tenantId" = ?
     UNION ALL
     SELECT NULL, NULL, NULL, NULL, NULL, r.key, r.name, NULL, NULL, NULL${userId === undefined ? "" : ", NULL"}
       FROM "TenantDefaultRole" d JOIN "Role" r ON r.id = d."roleId"
      WHERE d."tenantId" = ?`,
    userId === undefined ? [tenantId, tenantId] : [userId, tenantId, tenantId],
  );
  const mappings: Mapping[] = [];
  const memberOf = new Set<string>();
  let defaultRole: RoleWorld["defaultRole"] = null;
  for (const r of rows) {
    const role = { key: r.roleKey, name: r.roleName };
    if (r.id === null) {
      defaultRole = role;
      continue;
    }
    const group =
      r.matchedId === null
        ? null
        : { id: r.matchedId, displayName: r.matchedName ?? "", externalId: r.matchedExternalId };
    if (group && toBool(r.member)) memberOf.add(group.id);
    mappings.push({
      id: r.id,
      precedence: Number(r.precedence),
      role,
      target:
        r.groupId !== null
          ? { kind: "group", groupId: r.groupId }
          : { kind: "name", name: r.groupName ?? "", nameLower: r.groupNameLower ?? "" },
      group,
    });
  }
  // Precedence as the place in the order (1, 2, 3…), whatever gaps deleted groups left.
  const ordered = byPrecedence(mappings).map((m, i) => ({ ...m, precedence: i + 1 }));
  return { mappings: ordered, defaultRole, memberOf };
}

/**
 * Stores each mapping's place as its precedence (a group's deletion, or a role's, leaves gaps): the
 * first step of every change of the order.
 */
export function* renumber(tenantId: string, world: RoleWorld): Work<void> {
  const stored = yield* all<{ id: string; precedence: number }>(
    `SELECT id, precedence FROM "RoleMapping" WHERE "tenantId" = ?`,
    [tenantId],
  );
  const place = new Map(world.mappings.map((m) => [m.id, m.precedence]));
  for (const row of stored) {
    const wanted = place.get(row.id);
    if (wanted !== undefined && Number(row.precedence) !== wanted) {
      yield* run(`UPDATE "RoleMapping" SET precedence = ? WHERE "tenantId" = ? AND id = ?`, [
        wanted,
        tenantId,
        row.id,
      ]);
    }
  }
}

/** Whether a mapping names this group, by id or by one of these displayNames (one indexed look-up). */
export function* groupMapped(tenantId: string, groupId: string, names: string[]): Work<boolean> {
  const folded = [...new Set(names.map(fold))];
  const row = yield* get(
    `SELECT 1 AS found FROM "RoleMapping" WHERE "tenantId" = ?
        AND ("groupId" = ?${folded.length > 0 ? ` OR "groupNameLower" IN (${folded.map(() => "?").join(", ")})` : ""})
      LIMIT 1`,
    [tenantId, groupId, ...folded],
  );
  return row !== undefined;
}

const USER_CHUNK = 500;

/** Which of `groupIds` each of `userIds` is in. */
export function* membershipsIn(
  tenantId: string,
  userIds: readonly string[],
  groupIds: readonly string[],
): Work<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(userIds.map((id) => [id, new Set()]));
  if (groupIds.length === 0) return out;
  const groups = groupIds.map(() => "?").join(", ");
  for (const part of chunks([...userIds], USER_CHUNK)) {
    const rows = yield* all<{ memberId: string; groupId: string }>(
      `SELECT "memberId", "groupId" FROM "ScimGroupMember"
        WHERE "tenantId" = ? AND "groupId" IN (${groups}) AND "memberId" IN (${part.map(() => "?").join(", ")})`,
      [tenantId, ...groupIds, ...part],
    );
    for (const r of rows) out.get(r.memberId)?.add(r.groupId);
  }
  return out;
}

/** The members of these groups, each once. */
export function* membersOfGroups(tenantId: string, groupIds: readonly string[]): Work<string[]> {
  const ids = new Set<string>();
  for (const groupId of groupIds) {
    const rows = yield* all<{ memberId: string }>(
      `SELECT "memberId" FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ?`,
      [tenantId, groupId],
    );
    for (const r of rows) ids.add(r.memberId);
  }
  return [...ids];
}

/** Every user of the tenant (a default role's change concerns each one no mapping matches). */
export function* allUsers(tenantId: string): Work<string[]> {
  const rows = yield* all<{ id: string }>(`SELECT id FROM "ScimUser" WHERE "tenantId" = ? ORDER BY id`, [
    tenantId,
  ]);
  return rows.map((r) => r.id);
}

export const USER_BATCH = USER_CHUNK;
