/**
 * The tenant's audit log: who did what, when. An entry is written by the unit of work that makes
 * the change it records (`yield* audit(…)` inside `sql.tx`), so the log and the change commit
 * together or not at all.
 */
import { db } from "@/lib/db";
import { run, toDate, type SqlValue, type Work } from "@/lib/db/sql";
import { newId } from "@/lib/ids";

export type Actor = { adminId: string | null; label: string };

export const CLI_ACTOR: Actor = { adminId: null, label: "operator CLI" };

export type AuditEntry = {
  tenantId: string;
  actor: Actor;
  action: string;
  target?: string | null;
  detail?: string | null;
  /** The client's address, for sign-ins. */
  address?: string | null;
};

/** One entry, in the caller's transaction. */
export function* audit(e: AuditEntry): Work<void> {
  yield* run(
    `INSERT INTO "AuditEvent" ("tenantId", id, at, "actorId", actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      e.tenantId,
      newId(),
      new Date(),
      e.actor.adminId,
      e.actor.label,
      e.action,
      e.target ?? null,
      e.detail ?? null,
      e.address ?? null,
    ],
  );
}

/** An entry that records no change of its own (it is the record, e.g. someone joined). */
export async function recordAudit(
  tenantId: string,
  actor: Actor,
  action: string,
  target?: string,
  detail?: string,
): Promise<void> {
  const { sql } = await db();
  await sql.tx(() => audit({ tenantId, actor, action, target, detail }));
}

/** What the audit page and the exports filter by; all optional. */
export type AuditFilter = {
  /** Part of the actor's label (an email address, "operator CLI"), any case. */
  actor?: string;
  /** One kind of entry (`admin.signed_in`). */
  action?: string;
  /** From this instant (inclusive) … */
  from?: Date;
  /** … to this one (exclusive). */
  to?: Date;
};

export type AuditRow = {
  id: string;
  at: Date;
  actorId: string | null;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  address: string | null;
};

function where(tenantId: string, f: AuditFilter): { clause: string; params: SqlValue[] } {
  const parts = [`"tenantId" = ?`];
  const params: SqlValue[] = [tenantId];
  if (f.actor) {
    // LIKE's own characters in what was typed match themselves.
    parts.push(`LOWER(actor) LIKE ? ESCAPE '\\'`);
    params.push(`%${f.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.action) {
    parts.push(`action = ?`);
    params.push(f.action);
  }
  if (f.from) {
    parts.push(`at >= ?`);
    params.push(f.from);
  }
  if (f.to) {
    parts.push(`at < ?`);
    params.push(f.to);
  }
  return { clause: parts.join(" AND "), params };
}

type RawRow = Omit<AuditRow, "at"> & { at: unknown };
const COLUMNS = `id, at, "actorId", actor, action, target, detail, address`;
const row = (r: RawRow): AuditRow => ({ ...r, at: toDate(r.at)! });

/** One page of the log, newest first, and whether there is an older page. */
export async function listAudit(
  tenantId: string,
  filter: AuditFilter = {},
  { page = 1, pageSize = 50 }: { page?: number; pageSize?: number } = {},
): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  const { sql } = await db();
  const { clause, params } = where(tenantId, filter);
  const rows = await sql.all<RawRow>(
    `SELECT ${COLUMNS} FROM "AuditEvent" WHERE ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    [...params, pageSize + 1, (page - 1) * pageSize],
  );
  return { rows: rows.slice(0, pageSize).map(row), hasMore: rows.length > pageSize };
}

/**
 * Every entry the filter matches, newest first, a batch at a time (keyset paging on the time and
 * id, so a long export holds no statement open and never skips or repeats a row).
 */
export async function* allAudit(
  tenantId: string,
  filter: AuditFilter = {},
  batch = 500,
): AsyncGenerator<AuditRow[]> {
  const { sql } = await db();
  const { clause, params } = where(tenantId, filter);
  let last: AuditRow | undefined;
  for (;;) {
    const after = last ? ` AND (at < ? OR (at = ? AND id < ?))` : "";
    const rows = await sql.all<RawRow>(
      `SELECT ${COLUMNS} FROM "AuditEvent" WHERE ${clause}${after} ORDER BY at DESC, id DESC LIMIT ?`,
      [...params, ...(last ? [last.at, last.at, last.id] : []), batch],
    );
    if (rows.length === 0) return;
    const page = rows.map(row);
    yield page;
    last = page[page.length - 1];
    if (rows.length < batch) return;
  }
}

/** The people and processes that have entries in the company's log, for the actor filter. */
export async function auditActors(tenantId: string): Promise<string[]> {
  const { sql } = await db();
  const rows = await sql.all<{ actor: string }>(
    `SELECT DISTINCT actor FROM "AuditEvent" WHERE "tenantId" = ? ORDER BY actor LIMIT 500`,
    [tenantId],
  );
  return rows.map((r) => r.actor);
}

/**
 * Retention: entries older than AUDIT_RETENTION_DAYS (default 365; 0 keeps them forever) are
 * deleted, in batches, by the periodic retention sweep. Nothing else deletes or edits an entry.
 */
export async function pruneAudit(keepMs: number | null, now = new Date(), batch = 1000): Promise<number> {
  if (keepMs === null) return 0;
  const { sql } = await db();
  const cutoff = new Date(now.getTime() - keepMs);
  let total = 0;
  for (;;) {
    const { changes } = await sql.run(
      `DELETE FROM "AuditEvent" WHERE ("tenantId", id) IN
         (SELECT "tenantId", id FROM "AuditEvent" WHERE at < ? ORDER BY at LIMIT ?)`,
      [cutoff, batch],
    );
    total += changes;
    if (changes < batch) return total;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
