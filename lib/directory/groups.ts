/** The portal's view of provisioned groups and their members. */
import { fold } from "@/lib/db/fold";
import { db } from "@/lib/db";
import { escapeLike, toBool, toDate, type SqlValue } from "@/lib/db/sql";
import { PAGE_SIZE } from "./users";

export async function listGroups(tenantId: string, { q, page = 1 }: { q?: string; page?: number }) {
  const { sql } = await db();
  const parts = [`g."tenantId" = ?`];
  const params: SqlValue[] = [tenantId];
  if (q?.trim()) {
    parts.push(`g."displayNameLower" LIKE ? ESCAPE '\\'`);
    params.push(`%${escapeLike(fold(q.trim()))}%`);
  }
  const w = parts.join(" AND ");
  const current = Math.max(1, page);
  const [rows, count] = await Promise.all([
    sql.all<{
      id: string;
      displayName: string;
      externalId: string | null;
      updatedAt: unknown;
      members: number;
    }>(
      `SELECT g.id, g."displayName", g."externalId", g."updatedAt",
              (SELECT COUNT(*) FROM "ScimGroupMember" m WHERE m."tenantId" = g."tenantId" AND m."groupId" = g.id) AS members
         FROM "ScimGroup" g WHERE ${w} ORDER BY g."displayNameLower" LIMIT ? OFFSET ?`,
      [...params, PAGE_SIZE, (current - 1) * PAGE_SIZE],
    ),
    sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "ScimGroup" g WHERE ${w}`, params),
  ]);
  const total = Number(count?.n ?? 0);
  return {
    rows: rows.map((r) => ({ ...r, members: Number(r.members), updatedAt: toDate(r.updatedAt)! })),
    total,
    page: current,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export async function getGroup(tenantId: string, id: string, page = 1) {
  const { sql } = await db();
  const group = await sql.get<{
    id: string;
    displayName: string;
    externalId: string | null;
    createdAt: unknown;
    updatedAt: unknown;
  }>(
    `SELECT id, "displayName", "externalId", "createdAt", "updatedAt" FROM "ScimGroup" WHERE "tenantId" = ? AND id = ?`,
    [tenantId, id],
  );
  if (!group) return null;
  const current = Math.max(1, page);
  const [members, count] = await Promise.all([
    sql.all<{ id: string; userName: string; displayName: string | null; active: unknown }>(
      `SELECT u.id, u."userName", u."displayName", u.active FROM "ScimGroupMember" m
         JOIN "ScimUser" u ON u."tenantId" = m."tenantId" AND u.id = m."memberId"
        WHERE m."tenantId" = ? AND m."groupId" = ? ORDER BY u."userNameLower" LIMIT ? OFFSET ?`,
      [tenantId, id, PAGE_SIZE, (current - 1) * PAGE_SIZE],
    ),
    sql.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ?`,
      [tenantId, id],
    ),
  ]);
  const total = Number(count?.n ?? 0);
  return {
    ...group,
    createdAt: toDate(group.createdAt)!,
    updatedAt: toDate(group.updatedAt)!,
    members: members.map((m) => ({ ...m, active: toBool(m.active) })),
    total,
    page: current,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}
