/**
 * The directory as the application API serves it: users in the normalized shape the events carry
 * (one function builds both: lib/scim/resources/normalized.ts), paged by keyset on (updatedAt, id)
 * over the (tenantId, updatedAt) index, so a page costs the same at any depth of a 100,000-user
 * tenant. A user changed while someone pages moves behind the cursor and is met again, never lost.
 */
import { tenantExtensions } from "@/lib/custom-attributes/service";
import { db } from "@/lib/db";
import { toDate, type SqlValue } from "@/lib/db/sql";
import type { NormalizedUser } from "@/lib/events/payloads";
import { rolesOfUsers } from "@/lib/roles/effective";
import { scimBaseUrl } from "@/lib/config";
import { normalizedUser, type DirectoryView } from "@/lib/scim/resources/normalized";
import { parseDoc, ROW_COLUMNS, type Row } from "@/lib/scim/resources/store";
import { USERS } from "@/lib/scim/resources/users";
import { typesWith } from "@/lib/scim/schema/resource-types";

export async function directoryView(tenantId: string): Promise<DirectoryView> {
  return { types: typesWith(await tenantExtensions(tenantId)), directoryBaseUrl: scimBaseUrl() };
}

export async function tenantExists(tenantId: string): Promise<boolean> {
  const { sql } = await db();
  return (await sql.get(`SELECT id FROM "Tenant" WHERE id = ?`, [tenantId])) !== undefined;
}

/** Whether the tenant has this user or group. */
export async function resourceExists(
  table: "ScimUser" | "ScimGroup",
  tenantId: string,
  id: string,
): Promise<boolean> {
  const { sql } = await db();
  return (
    (await sql.get(`SELECT id FROM "${table}" WHERE "tenantId" = ? AND id = ?`, [tenantId, id])) !== undefined
  );
}

/** The ids of the groups of each user, sorted (as in the events). */
async function groupsOf(tenantId: string, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const { sql } = await db();
  const rows = await sql.all<{ memberId: string; groupId: string }>(
    `SELECT "memberId", "groupId" FROM "ScimGroupMember" WHERE "tenantId" = ? AND "memberId" IN (${userIds.map(() => "?").join(", ")}) ORDER BY "memberId", "groupId"`,
    [tenantId, ...userIds],
  );
  for (const r of rows) out.get(r.memberId)?.push(r.groupId);
  return out;
}

/** Users of one tenant from their rows, normalized with their groups. */
export async function normalizeUsers(tenantId: string, rows: Row[]): Promise<NormalizedUser[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [view, groups, roles] = await Promise.all([
    directoryView(tenantId),
    groupsOf(tenantId, ids),
    rolesOfUsers(tenantId, ids),
  ]);
  return rows.map((row) =>
    normalizedUser(view, USERS, row, parseDoc(row.doc), groups.get(row.id) ?? [], roles.get(row.id) ?? []),
  );
}

export type UserPosition = { updatedAt: string; id: string };

/**
 * Up to `limit` users changed since `updatedSince` (inclusive), after `after`, by (updatedAt, id);
 * with each, its position for the next page's cursor.
 */
export async function usersPage(
  tenantId: string,
  { updatedSince, after, limit }: { updatedSince?: Date; after?: UserPosition; limit: number },
): Promise<{ user: NormalizedUser; position: UserPosition }[]> {
  const { sql } = await db();
  const where = [`r."tenantId" = ?`];
  const params: SqlValue[] = [tenantId];
  if (updatedSince) {
    where.push(`r."updatedAt" >= ?`);
    params.push(updatedSince);
  }
  if (after) {
    // The first condition is the index range; the second skips the rows of that instant already read.
    const at = new Date(after.updatedAt);
    where.push(`r."updatedAt" >= ?`, `(r."updatedAt" > ? OR r.id > ?)`);
    params.push(at, at, after.id);
  }
  const rows = await sql.all<Row>(
    `SELECT ${ROW_COLUMNS} FROM "ScimUser" r WHERE ${where.join(" AND ")} ORDER BY r."updatedAt", r.id LIMIT ?`,
    [...params, limit],
  );
  const users = await normalizeUsers(tenantId, rows);
  return users.map((user, i) => ({
    user,
    position: { updatedAt: toDate(rows[i]!.updatedAt)!.toISOString(), id: rows[i]!.id },
  }));
}

export async function userById(tenantId: string, userId: string): Promise<NormalizedUser | null> {
  const { sql } = await db();
  const row = await sql.get<Row>(
    `SELECT ${ROW_COLUMNS} FROM "ScimUser" r WHERE r."tenantId" = ? AND r.id = ?`,
    [tenantId, userId],
  );
  return row ? ((await normalizeUsers(tenantId, [row]))[0] ?? null) : null;
}
