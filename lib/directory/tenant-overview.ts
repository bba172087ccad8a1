/**
 * Every tenant at a glance, for the operator console: a page of tenants (searched by name or id)
 * with their counts — users, active users, groups, identity providers — and their provisioning
 * health — the last SCIM request, failed requests in the last hour, the deprovisioning guard.
 *
 * Stays fast at 100,000 users a tenant: the page of tenants is read first, then each figure is one
 * statement over an index for that page's tenants only — counts are index-only scans of
 * (tenantId, …) indexes, the last request is a single seek at the end of (tenantId, at), and the
 * last hour's errors a range of that same index.
 */
import { FOLD_SQL, fold } from "@/lib/db/fold";
import { db } from "@/lib/db";
import { escapeLike, toBool, toDate, type SqlValue } from "@/lib/db/sql";

export const TENANTS_PAGE_SIZE = 25;

export type TenantOverview = {
  id: string;
  name: string;
  createdAt: Date;
  users: number;
  activeUsers: number;
  groups: number;
  identityProviders: number;
  /** When a provisioning client last called SCIM for this tenant (null: never, or pruned). */
  lastScimAt: Date | null;
  /** SCIM requests answered with an error (4xx/5xx) in the last hour. */
  errorsLastHour: number;
  guardEnabled: boolean;
  /** Since when the deprovisioning guard holds disables and deletes (null: not tripped). */
  guardTrippedAt: Date | null;
  /** Disables and deletes waiting for an administrator's decision. */
  held: number;
};

type TenantRow = {
  id: string;
  name: string;
  createdAt: unknown;
  guardEnabled: unknown;
  guardTrippedAt: unknown;
};

type Counted = { tenantId: string; n: number | string };

function where(q: string | undefined): { text: string; params: SqlValue[] } {
  const term = q?.trim() ?? "";
  if (!term) return { text: "1 = 1", params: [] };
  return {
    text: `(${FOLD_SQL}(name) LIKE ? ESCAPE '\\' OR id = ?)`,
    params: [`%${escapeLike(fold(term))}%`, term],
  };
}

/** One figure per tenant of the page, from one grouped statement (absent tenants count 0). */
async function countBy(table: string, ids: string[], extra = "", extraParams: SqlValue[] = []) {
  const { sql } = await db();
  const rows = await sql.all<Counted>(
    `SELECT "tenantId", COUNT(*) AS n FROM "${table}"
      WHERE "tenantId" IN (${ids.map(() => "?").join(", ")})${extra} GROUP BY "tenantId"`,
    [...ids, ...extraParams],
  );
  return new Map(rows.map((r) => [r.tenantId, Number(r.n)]));
}

export async function listTenantOverview(
  query: { q?: string; page?: number },
  now = new Date(),
): Promise<{ tenants: TenantOverview[]; total: number; page: number; pages: number }> {
  const { sql } = await db();
  const w = where(query.q);
  const totalRow = await sql.get<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM "Tenant" WHERE ${w.text}`,
    w.params,
  );
  const total = Number(totalRow?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / TENANTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  const rows = await sql.all<TenantRow>(
    `SELECT id, name, "createdAt", "guardEnabled", "guardTrippedAt" FROM "Tenant" WHERE ${w.text}
      ORDER BY ${FOLD_SQL}(name), id LIMIT ? OFFSET ?`,
    [...w.params, TENANTS_PAGE_SIZE, (page - 1) * TENANTS_PAGE_SIZE],
  );
  if (rows.length === 0) return { tenants: [], total, page, pages };
  const ids = rows.map((r) => r.id);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const [users, active, groups, idps, held, errors, lastScim] = await Promise.all([
    countBy("ScimUser", ids),
    countBy("ScimUser", ids, ` AND active = ?`, [true]),
    countBy("ScimGroup", ids),
    countBy("IdentityProvider", ids),
    countBy("DeprovisionHold", ids),
    countBy("ScimRequestLog", ids, ` AND at >= ? AND status >= 400`, [hourAgo]),
    // One seek per tenant at the end of its (tenantId, at) index: a grouped MAX would read every row.
    Promise.all(
      ids.map(async (id) => {
        const row = await sql.get<{ at: unknown }>(
          `SELECT MAX(at) AS at FROM "ScimRequestLog" WHERE "tenantId" = ?`,
          [id],
        );
        return [id, toDate(row?.at)] as const;
      }),
    ).then((pairs) => new Map(pairs)),
  ]);
  return {
    tenants: rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: toDate(r.createdAt)!,
      users: users.get(r.id) ?? 0,
      activeUsers: active.get(r.id) ?? 0,
      groups: groups.get(r.id) ?? 0,
      identityProviders: idps.get(r.id) ?? 0,
      lastScimAt: lastScim.get(r.id) ?? null,
      errorsLastHour: errors.get(r.id) ?? 0,
      guardEnabled: toBool(r.guardEnabled),
      guardTrippedAt: toDate(r.guardTrippedAt),
      held: held.get(r.id) ?? 0,
    })),
    total,
    page,
    pages,
  };
}

/** Tenant names by id (for labelling events); deleted tenants are simply absent. */
export async function tenantNames(ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { sql } = await db();
  const rows = await sql.all<{ id: string; name: string }>(
    `SELECT id, name FROM "Tenant" WHERE id IN (${unique.map(() => "?").join(", ")})`,
    unique,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
