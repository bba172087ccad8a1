/** The provisioning log as the portal reads it: filters by outcome, resource, time and resource id. */
import { db } from "@/lib/db";
import { toDate, type SqlValue } from "@/lib/db/sql";
import type { Change } from "@/lib/scim/resources/types";

export const LOG_PAGE_SIZE = 50;
export const LOG_RANGES = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type LogRange = keyof typeof LOG_RANGES | "all";

export type LogQuery = {
  outcome?: "all" | "success" | "error";
  resource?: "all" | "User" | "Group" | "other";
  range?: LogRange;
  resourceId?: string;
  idpId?: string;
  page?: number;
};

export type LogRow = {
  id: string;
  at: Date;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  resourceType: string | null;
  resourceId: string | null;
  userAgent: string | null;
  scimType: string | null;
  detail: string | null;
  /** An attribute the client sent that no schema of the tenant defines. */
  unknownAttribute: string | null;
  /** The user's or group's name now (display name, else userName); null when it no longer exists. */
  resourceName: string | null;
  changes: Change[];
};

export async function listLog(tenantId: string, query: LogQuery, now = new Date()) {
  const { sql } = await db();
  const parts = [`"tenantId" = ?`];
  const params: SqlValue[] = [tenantId];
  if (query.outcome === "success") parts.push(`status < 400`);
  if (query.outcome === "error") parts.push(`status >= 400`);
  if (query.resource === "User" || query.resource === "Group") {
    parts.push(`"resourceType" = ?`);
    params.push(query.resource);
  } else if (query.resource === "other") {
    parts.push(`("resourceType" IS NULL OR "resourceType" NOT IN ('User', 'Group'))`);
  }
  if (query.range && query.range !== "all") {
    parts.push(`at >= ?`);
    params.push(new Date(now.getTime() - LOG_RANGES[query.range]));
  }
  if (query.resourceId) {
    parts.push(`"resourceId" = ?`);
    params.push(query.resourceId);
  }
  if (query.idpId) {
    parts.push(`"idpId" = ?`);
    params.push(query.idpId);
  }
  const page = Math.max(1, query.page ?? 1);
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT id, at, method, path, status, "durationMs", "resourceType", "resourceId", "userAgent", "scimType", detail, changes, "unknownAttribute"
       FROM "ScimRequestLog" WHERE ${parts.join(" AND ")} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    [...params, LOG_PAGE_SIZE + 1, (page - 1) * LOG_PAGE_SIZE],
  );
  const shown = rows.slice(0, LOG_PAGE_SIZE);
  const names = await resourceNames(tenantId, shown);
  return {
    rows: shown.map((r): LogRow => ({
      id: String(r.id),
      at: toDate(r.at)!,
      method: String(r.method),
      path: String(r.path),
      status: Number(r.status),
      durationMs: Number(r.durationMs),
      resourceType: (r.resourceType as string | null) ?? null,
      resourceId: (r.resourceId as string | null) ?? null,
      userAgent: (r.userAgent as string | null) ?? null,
      scimType: (r.scimType as string | null) ?? null,
      detail: (r.detail as string | null) ?? null,
      unknownAttribute: (r.unknownAttribute as string | null) ?? null,
      resourceName: names.get(`${String(r.resourceType)}:${String(r.resourceId)}`) ?? null,
      changes: r.changes ? (JSON.parse(String(r.changes)) as Change[]) : [],
    })),
    page,
    hasMore: rows.length > LOG_PAGE_SIZE,
  };
}

/** The names of the users and groups a page of the log is about, keyed "User:<id>" / "Group:<id>". */
async function resourceNames(
  tenantId: string,
  rows: Record<string, unknown>[],
): Promise<Map<string, string>> {
  const { sql } = await db();
  const ids = (type: string) => [
    ...new Set(rows.filter((r) => r.resourceType === type && r.resourceId).map((r) => String(r.resourceId))),
  ];
  const lookup = async (type: "User" | "Group", query: (marks: string) => string) => {
    const wanted = ids(type);
    if (wanted.length === 0) return [];
    const found = await sql.all<{ id: string; name: string }>(query(wanted.map(() => "?").join(", ")), [
      tenantId,
      ...wanted,
    ]);
    return found.map((r) => [`${type}:${r.id}`, String(r.name)] as const);
  };
  const [users, groups] = await Promise.all([
    lookup(
      "User",
      (marks) =>
        `SELECT id, COALESCE(NULLIF("displayName", ''), "userName") AS name FROM "ScimUser" WHERE "tenantId" = ? AND id IN (${marks})`,
    ),
    lookup(
      "Group",
      (marks) =>
        `SELECT id, "displayName" AS name FROM "ScimGroup" WHERE "tenantId" = ? AND id IN (${marks})`,
    ),
  ]);
  return new Map([...users, ...groups]);
}
