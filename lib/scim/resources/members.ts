/**
 * Group memberships, as rows of ScimGroupMember `(tenantId, groupId, memberId)`:
 *   add k members     k idempotent inserts (INSERT … ON CONFLICT DO NOTHING) + one existence check
 *   remove k members  one DELETE … IN (k ids)
 *   remove all        one DELETE of the group's rows;  replace = remove all + add
 *   read              a group's members in pages of 5,000, a user's groups in one query per 500
 * No read-modify-write of a member list: concurrent PATCHes cannot lose members, and the cost does
 * not grow with the group's size.
 */
import { all, type Dialect, type Work } from "@/lib/db/sql";
import { isObject, type Json } from "../document";
import { ScimError } from "../errors";
import type { Filter } from "../filter";
import { sideTableCondition } from "../query";
import type { StorageMap } from "../storage";
import type { ResourceTypeDef } from "../schema/types";
import { chunks } from "./store";
import type { Change, ScimContext } from "./types";

const MEMBER_PAGE = 5000;
const ID_CHUNK = 500;
const LOGGED_MEMBER_CHANGES = 100;

export type MemberOp =
  | { kind: "add"; ids: string[] }
  | { kind: "remove"; ids: string[] }
  | { kind: "removeAll" }
  | { kind: "removeWhere"; filter: Filter }
  | { kind: "replace"; ids: string[] };

/** Member ids from a members value: [{value, type?}, …]; only users can be members. */
export function memberIds(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const m of list) {
    if (!isObject(m) || typeof m.value !== "string" || m.value === "") {
      throw new ScimError(400, 'Each member needs a "value": the id of a user', "invalidValue");
    }
    if (typeof m.type === "string" && m.type.toLowerCase() !== "user") {
      throw new ScimError(
        400,
        `Only users can be members (groups do not nest): got type "${m.type}"`,
        "invalidValue",
      );
    }
    ids.push(m.value);
  }
  return [...new Set(ids)];
}

/** Checks that every id is a user of this tenant; refuses the request naming the ones that are not. */
function* requireUsers(tenantId: string, ids: string[]): Work<void> {
  for (const part of chunks(ids, ID_CHUNK)) {
    const found = yield* all<{ id: string }>(
      `SELECT id FROM "ScimUser" WHERE "tenantId" = ? AND id IN (${part.map(() => "?").join(", ")})`,
      [tenantId, ...part],
    );
    if (found.length !== part.length) {
      const known = new Set(found.map((r) => r.id));
      const unknown = part.filter((id) => !known.has(id));
      const shown = unknown.slice(0, 5).join(", ") + (unknown.length > 5 ? ", …" : "");
      throw new ScimError(400, `Not a user of this tenant: ${shown}`, "invalidValue");
    }
  }
}

/** Adds members; returns those that were not members yet. */
function* addMembers(tenantId: string, groupId: string, ids: string[], at: Date): Work<string[]> {
  yield* requireUsers(tenantId, ids);
  const added: string[] = [];
  for (const part of chunks(ids, ID_CHUNK)) {
    const rows = yield* all<{ memberId: string }>(
      `INSERT INTO "ScimGroupMember" ("tenantId", "groupId", "memberId", "addedAt") VALUES ${part.map(() => "(?, ?, ?, ?)").join(", ")}
       ON CONFLICT DO NOTHING RETURNING "memberId"`,
      part.flatMap((id) => [tenantId, groupId, id, at]),
    );
    added.push(...rows.map((r) => r.memberId));
  }
  return added;
}

/** Removes the given members (all of them when `ids` is null); returns those that were members. */
function* removeMembers(tenantId: string, groupId: string, ids: string[] | null): Work<string[]> {
  if (ids === null) {
    const rows = yield* all<{ memberId: string }>(
      `DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ? RETURNING "memberId"`,
      [tenantId, groupId],
    );
    return rows.map((r) => r.memberId);
  }
  const removed: string[] = [];
  for (const part of chunks(ids, ID_CHUNK)) {
    const rows = yield* all<{ memberId: string }>(
      `DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ? AND "memberId" IN (${part.map(() => "?").join(", ")})
       RETURNING "memberId"`,
      [tenantId, groupId, ...part],
    );
    removed.push(...rows.map((r) => r.memberId));
  }
  return removed;
}

/** The log's record of membership changes, at most LOGGED_MEMBER_CHANGES of them. */
export function memberChanges(added: string[], removed: string[] | "all"): Change[] {
  const changes: Change[] = [
    ...added.map((id) => ({ path: "members", after: id })),
    ...(removed === "all"
      ? [{ path: "members", before: "(all)" }]
      : removed.map((id) => ({ path: "members", before: id }))),
  ];
  if (changes.length <= LOGGED_MEMBER_CHANGES) return changes;
  return [
    ...changes.slice(0, LOGGED_MEMBER_CHANGES),
    { path: "members", after: `… and ${changes.length - LOGGED_MEMBER_CHANGES} more` },
  ];
}

export type MemberResult = {
  /** The provisioning log's record (what the request asked for). */
  changes: Change[];
  /** Who is a member now and was not before, and the reverse (what events report). */
  added: string[];
  removed: string[];
};

/** Applies membership operations to one group, in order, inside the caller's transaction. */
export function* applyMemberOps(
  tenantId: string,
  groupId: string,
  ops: MemberOp[],
  at: Date,
  where: { type: ResourceTypeDef; storage: StorageMap; dialect: Dialect },
): Work<MemberResult> {
  const changes: Change[] = [];
  // Net effect over all operations: a member removed and added again is neither.
  const added = new Set<string>();
  const removed = new Set<string>();
  const gained = (ids: string[]) => ids.forEach((id) => (removed.delete(id) ? undefined : added.add(id)));
  const lost = (ids: string[]) => ids.forEach((id) => (added.delete(id) ? undefined : removed.add(id)));
  for (const op of ops) {
    switch (op.kind) {
      case "add":
        gained(yield* addMembers(tenantId, groupId, op.ids, at));
        changes.push(...memberChanges(op.ids, []));
        break;
      case "remove":
        lost(yield* removeMembers(tenantId, groupId, op.ids));
        changes.push(...memberChanges([], op.ids));
        break;
      case "removeAll":
        lost(yield* removeMembers(tenantId, groupId, null));
        changes.push(...memberChanges([], "all"));
        break;
      case "replace":
        lost(yield* removeMembers(tenantId, groupId, null));
        gained(yield* addMembers(tenantId, groupId, op.ids, at));
        changes.push(...memberChanges(op.ids, "all"));
        break;
      case "removeWhere": {
        const condition = sideTableCondition(
          op.filter,
          where.type,
          where.storage,
          "members",
          where.dialect,
          "st",
        );
        const rows = yield* all<{ memberId: string }>(
          `DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ? AND "memberId" IN (
             SELECT st."memberId" FROM "ScimGroupMember" st WHERE st."tenantId" = ? AND st."groupId" = ? AND ${condition.text})
           RETURNING "memberId"`,
          [tenantId, groupId, tenantId, groupId, ...condition.params],
        );
        lost(rows.map((r) => r.memberId));
        changes.push({ path: "members", before: `members matching the filter` });
        break;
      }
    }
  }
  return { changes, added: [...added], removed: [...removed] };
}

/** The members of the given groups, each read in keyset pages along the primary key. */
export async function membersOf(ctx: ScimContext, groupIds: string[]): Promise<Map<string, Json>> {
  const out = new Map<string, Json>();
  for (const groupId of groupIds) {
    const members: Json[] = [];
    let after = "";
    for (;;) {
      const rows = await ctx.sql.all<{ memberId: string; displayName: string | null }>(
        `SELECT m."memberId", u."displayName" FROM "ScimGroupMember" m
           JOIN "ScimUser" u ON u."tenantId" = m."tenantId" AND u.id = m."memberId"
          WHERE m."tenantId" = ? AND m."groupId" = ? AND m."memberId" > ?
          ORDER BY m."memberId" LIMIT ?`,
        [ctx.tenantId, groupId, after, MEMBER_PAGE],
      );
      for (const r of rows) {
        members.push({
          value: r.memberId,
          $ref: `${ctx.baseUrl}/Users/${r.memberId}`,
          ...(r.displayName !== null ? { display: r.displayName } : {}),
          type: "User",
        });
      }
      if (rows.length < MEMBER_PAGE) break;
      after = rows[rows.length - 1]!.memberId;
    }
    out.set(groupId, members);
  }
  return out;
}

/** The groups of the given users (their read-only `groups` attribute), in one query per 500. */
export async function groupsOf(ctx: ScimContext, userIds: string[]): Promise<Map<string, Json>> {
  const byUser = new Map<string, Json[]>();
  for (const part of chunks(userIds, ID_CHUNK)) {
    const rows = await ctx.sql.all<{ memberId: string; id: string; displayName: string }>(
      `SELECT m."memberId", g.id, g."displayName" FROM "ScimGroupMember" m
         JOIN "ScimGroup" g ON g."tenantId" = m."tenantId" AND g.id = m."groupId"
        WHERE m."tenantId" = ? AND m."memberId" IN (${part.map(() => "?").join(", ")})
        ORDER BY g."displayNameLower"`,
      [ctx.tenantId, ...part],
    );
    for (const r of rows) {
      const list = byUser.get(r.memberId) ?? [];
      list.push({
        value: r.id,
        $ref: `${ctx.baseUrl}/Groups/${r.id}`,
        display: r.displayName,
        type: "direct",
      });
      byUser.set(r.memberId, list);
    }
  }
  return byUser;
}
