/**
 * Groups and memberships as the application API serves them: groups in the normalized shape of
 * the events, keyset-paged by id (the primary key); a group's members (normalized users) by member
 * id and a user's groups by group id, both over the membership table's keys.
 */
import { db } from "@/lib/db";
import type { NormalizedGroup, NormalizedUser } from "@/lib/events/payloads";
import { GROUPS } from "@/lib/scim/resources/groups";
import { normalizedGroup } from "@/lib/scim/resources/normalized";
import { parseDoc, ROW_COLUMNS, type Row } from "@/lib/scim/resources/store";
import { directoryView, normalizeUsers } from "./api-users";

async function normalizeGroups(tenantId: string, rows: Row[]): Promise<NormalizedGroup[]> {
  if (rows.length === 0) return [];
  const view = await directoryView(tenantId);
  return rows.map((row) => normalizedGroup(view, GROUPS, row, parseDoc(row.doc)));
}

/** Up to `limit` groups with an id after `after`, by id. */
export async function groupsPage(
  tenantId: string,
  after: string | undefined,
  limit: number,
): Promise<NormalizedGroup[]> {
  const { sql } = await db();
  const rows = await sql.all<Row>(
    `SELECT ${ROW_COLUMNS} FROM "ScimGroup" r WHERE r."tenantId" = ? AND r.id > ? ORDER BY r.id LIMIT ?`,
    [tenantId, after ?? "", limit],
  );
  return normalizeGroups(tenantId, rows);
}

export async function groupById(tenantId: string, groupId: string): Promise<NormalizedGroup | null> {
  const { sql } = await db();
  const row = await sql.get<Row>(
    `SELECT ${ROW_COLUMNS} FROM "ScimGroup" r WHERE r."tenantId" = ? AND r.id = ?`,
    [tenantId, groupId],
  );
  return row ? ((await normalizeGroups(tenantId, [row]))[0] ?? null) : null;
}

/** Up to `limit` members of a group with a user id after `after`, by user id. */
export async function membersPage(
  tenantId: string,
  groupId: string,
  after: string | undefined,
  limit: number,
): Promise<NormalizedUser[]> {
  const { sql } = await db();
  const rows = await sql.all<Row>(
    `SELECT ${ROW_COLUMNS} FROM "ScimGroupMember" m JOIN "ScimUser" r ON r."tenantId" = m."tenantId" AND r.id = m."memberId"
      WHERE m."tenantId" = ? AND m."groupId" = ? AND m."memberId" > ? ORDER BY m."memberId" LIMIT ?`,
    [tenantId, groupId, after ?? "", limit],
  );
  return normalizeUsers(tenantId, rows);
}

/** Up to `limit` groups of a user with a group id after `after`, by group id. */
export async function userGroupsPage(
  tenantId: string,
  userId: string,
  after: string | undefined,
  limit: number,
): Promise<NormalizedGroup[]> {
  const { sql } = await db();
  const rows = await sql.all<Row>(
    `SELECT ${ROW_COLUMNS} FROM "ScimGroupMember" m JOIN "ScimGroup" r ON r."tenantId" = m."tenantId" AND r.id = m."groupId"
      WHERE m."tenantId" = ? AND m."memberId" = ? AND m."groupId" > ? ORDER BY m."groupId" LIMIT ?`,
    [tenantId, userId, after ?? "", limit],
  );
  return normalizeGroups(tenantId, rows);
}
