/**
 * The portal's view of provisioned users: search, sort and pages computed in the database (one
 * page query + one count), so the table stays fast at 100,000 users.
 */
import { fold } from "@/lib/db/fold";
import { db } from "@/lib/db";
import { escapeLike, toBool, toDate, type SqlValue } from "@/lib/db/sql";

export const PAGE_SIZE = 50;
export const USER_SORTS = {
  userName: `"userNameLower"`,
  displayName: `lower(coalesce("displayName", ''))`,
  department: `lower(coalesce(department, ''))`,
  created: `"createdAt"`,
  updated: `"updatedAt"`,
} as const;
export type UserSort = keyof typeof USER_SORTS;

export type UserQuery = {
  q?: string;
  status?: "all" | "active" | "disabled";
  sort?: UserSort;
  dir?: "asc" | "desc";
  page?: number;
};

export type UserListRow = {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  department: string | null;
  externalId: string | null;
  active: boolean;
  updatedAt: Date;
};

/** The list's filters from a query string's values (anything unexpected: no filter). */
export function userFilter(q: string | undefined, status: unknown): Pick<UserQuery, "q" | "status"> {
  return { q, status: status === "active" || status === "disabled" ? status : "all" };
}

function where(tenantId: string, query: UserQuery): { text: string; params: SqlValue[] } {
  const parts = [`"tenantId" = ?`];
  const params: SqlValue[] = [tenantId];
  if (query.status === "active" || query.status === "disabled") {
    parts.push(`active = ?`);
    params.push(query.status === "active");
  }
  const q = query.q ? fold(query.q.trim()) : "";
  if (q) {
    for (const word of q.split(/\s+/).slice(0, 5)) {
      parts.push(`"searchText" LIKE ? ESCAPE '\\'`);
      params.push(`%${escapeLike(word)}%`);
    }
  }
  return { text: parts.join(" AND "), params };
}

export async function listUsers(tenantId: string, query: UserQuery) {
  const { sql } = await db();
  const page = Math.max(1, query.page ?? 1);
  const sort = USER_SORTS[query.sort ?? "userName"] ?? USER_SORTS.userName;
  const dir = query.dir === "desc" ? "DESC" : "ASC";
  const w = where(tenantId, query);
  const columns = `id, "userName", "displayName", "givenName", "familyName", department, "externalId", active, "updatedAt"`;
  const order = `ORDER BY ${sort} ${dir}, id ${dir} LIMIT ? OFFSET ?`;
  const paging = [PAGE_SIZE, (page - 1) * PAGE_SIZE];
  let rows: Record<string, unknown>[];
  let count: { n: number } | undefined;
  if (query.q?.trim()) {
    // A search scans the tenant's rows once: the page and the number of matches in one pass.
    rows = await sql.all<Record<string, unknown>>(
      `SELECT ${columns}, COUNT(*) OVER () AS "matchCount" FROM "ScimUser" WHERE ${w.text} ${order}`,
      [...w.params, ...paging],
    );
    count = rows[0]
      ? { n: Number(rows[0].matchCount) }
      : await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "ScimUser" WHERE ${w.text}`, w.params);
  } else {
    // Without a search the page comes from an index; counting is a separate index-only scan.
    [rows, count] = await Promise.all([
      sql.all<Record<string, unknown>>(`SELECT ${columns} FROM "ScimUser" WHERE ${w.text} ${order}`, [
        ...w.params,
        ...paging,
      ]),
      sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "ScimUser" WHERE ${w.text}`, w.params),
    ]);
  }
  const total = Number(count?.n ?? 0);
  return {
    rows: rows.map((r): UserListRow => ({
      id: String(r.id),
      userName: String(r.userName),
      displayName: (r.displayName as string | null) ?? null,
      givenName: (r.givenName as string | null) ?? null,
      familyName: (r.familyName as string | null) ?? null,
      department: (r.department as string | null) ?? null,
      externalId: (r.externalId as string | null) ?? null,
      active: toBool(r.active),
      updatedAt: toDate(r.updatedAt)!,
    })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export type UserDetail = {
  id: string;
  userName: string;
  active: boolean;
  hasPin: boolean;
  doc: Record<string, unknown>;
  idp: { id: string; displayName: string } | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  groups: { id: string; displayName: string }[];
};

export async function getUser(tenantId: string, id: string): Promise<UserDetail | null> {
  const { sql } = await db();
  const row = await sql.get<Record<string, unknown>>(
    `SELECT u.id, u."userName", u.active, u."pinHash", u.doc, u."createdAt", u."updatedAt", u.version, i.id AS "idpId", i."displayName" AS "idpName"
       FROM "ScimUser" u LEFT JOIN "IdentityProvider" i ON i."tenantId" = u."tenantId" AND i.id = u."idpId"
      WHERE u."tenantId" = ? AND u.id = ?`,
    [tenantId, id],
  );
  if (!row) return null;
  const groups = await sql.all<{ id: string; displayName: string }>(
    `SELECT g.id, g."displayName" FROM "ScimGroupMember" m JOIN "ScimGroup" g ON g."tenantId" = m."tenantId" AND g.id = m."groupId"
      WHERE m."tenantId" = ? AND m."memberId" = ? ORDER BY g."displayNameLower"`,
    [tenantId, id],
  );
  return {
    id: String(row.id),
    userName: String(row.userName),
    active: toBool(row.active),
    hasPin: row.pinHash !== null,
    doc:
      typeof row.doc === "string"
        ? (JSON.parse(row.doc) as Record<string, unknown>)
        : (row.doc as Record<string, unknown>),
    idp: row.idpId ? { id: String(row.idpId), displayName: String(row.idpName) } : null,
    createdAt: toDate(row.createdAt)!,
    updatedAt: toDate(row.updatedAt)!,
    version: Number(row.version),
    groups,
  };
}

/** Every user of the tenant, in pages, for the CSV export. */
/** Every user matching the list's filters (all users by default), a thousand at a time, by userName. */
export async function* allUsers(
  tenantId: string,
  filter: Pick<UserQuery, "q" | "status"> = {},
): AsyncGenerator<Record<string, unknown>[]> {
  const { sql } = await db();
  const w = where(tenantId, filter);
  let after = "";
  for (;;) {
    const rows = await sql.all<Record<string, unknown>>(
      `SELECT id, "userName", "userNameLower", "displayName", "givenName", "familyName", department, "externalId", active, "createdAt", "updatedAt", doc
         FROM "ScimUser" WHERE ${w.text} AND "userNameLower" > ? ORDER BY "userNameLower" LIMIT 1000`,
      [...w.params, after],
    );
    if (rows.length === 0) return;
    yield rows;
    after = String(rows[rows.length - 1]!.userNameLower);
  }
}
