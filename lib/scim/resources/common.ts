/** What Users and Groups share: documents, versions, listing with paging, sorting and cursors. */
import { isObject, type JsonObject } from "../document";
import { ScimError } from "../errors";
import { DEFAULT_PAGE_SIZE, MAX_RESULTS } from "../limits";
import { parseFilter } from "../filter";
import type { Projection } from "../projection";
import { filterToSql, sortExpression, type SqlParam, type StorageMap } from "../query";
import { findAttr } from "../schema/registry";
import type { ResourceTypeDef } from "../schema/types";
import type { ListParams, ScimContext } from "./types";

export const LIST_LIMITS = { defaultCount: DEFAULT_PAGE_SIZE, maxCount: MAX_RESULTS };
const MAX_COUNT = MAX_RESULTS;

export type Row = { id: string; doc: unknown; version: number; createdAt: unknown; updatedAt: unknown };

export function parseDoc(doc: unknown): JsonObject {
  if (typeof doc === "string") return JSON.parse(doc) as JsonObject;
  if (isObject(doc)) return doc;
  throw new Error("stored document is not JSON");
}

export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function etag(version: number): string {
  return `W/"${version}"`;
}

export function checkIfMatch(ifMatch: string | null, version: number): void {
  if (ifMatch === null || ifMatch.trim() === "*") return;
  const wanted = ifMatch.split(",").map((s) => s.trim().replace(/^W\//, ""));
  if (!wanted.includes(`"${version}"`)) {
    throw new ScimError(412, "The resource has changed (If-Match does not match its version)");
  }
}

export function ifNoneMatches(ifNoneMatch: string | null, version: number): boolean {
  const tag = etag(version);
  return ifNoneMatch !== null && ifNoneMatch.split(",").some((t) => t.trim() === tag || t.trim() === "*");
}

/** Would this projection return attribute `name` of the core schema? */
export function wants(type: ResourceTypeDef, projection: Projection, name: string): boolean {
  const lower = name.toLowerCase();
  const mentions = (list: string[]) =>
    list.some((p) => {
      const path = p.toLowerCase().replace(`${type.schema.id.toLowerCase()}:`, "");
      return path === lower || path.startsWith(`${lower}.`);
    });
  if (!findAttr(type.schema.attributes, name)) return false;
  if (projection.attributes) return mentions(projection.attributes);
  return !projection.excluded.some(
    (p) => p.toLowerCase().replace(`${type.schema.id.toLowerCase()}:`, "") === lower,
  );
}

function readCursor(cursor: string): { at: string; id: string } | null {
  if (cursor === "") return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(value) &&
      typeof value[0] === "string" &&
      typeof value[1] === "string" &&
      !Number.isNaN(Date.parse(value[0])) &&
      /^[0-9a-f-]{1,64}$/i.test(value[1])
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // an unreadable cursor is answered below
  }
  throw new ScimError(400, "The cursor is invalid or expired", "invalidCursor");
}

export type Page<R> = { rows: R[]; total: number; nextCursor?: string; startIndex: number };

/** Lists rows of one tenant's resources: filter in SQL, stable order, index or cursor paging. */
export async function listRows<R extends Row>(
  ctx: ScimContext,
  params: ListParams,
  type: ResourceTypeDef,
  storage: StorageMap,
  columns: string,
): Promise<Page<R>> {
  const { sql } = ctx;
  const dialect = sql.dialect;
  const where: string[] = [`r."tenantId" = ?`];
  const values: SqlParam[] = [ctx.tenantId];
  if (params.filter !== null) {
    const compiled = filterToSql(parseFilter(params.filter), type, storage, dialect);
    where.push(compiled.text);
    values.push(...compiled.params);
  }
  const count = Math.max(0, Math.min(params.count, MAX_COUNT));
  let order = `r."createdAt", r.id`;
  const orderParams: SqlParam[] = [];
  if (params.sortBy) {
    if (params.cursor !== null)
      throw new ScimError(400, "sortBy cannot be combined with cursor paging", "invalidValue");
    const expr = sortExpression(params.sortBy, type, storage, dialect);
    const dir = params.sortOrder === "descending" ? "DESC" : "ASC";
    order = `${expr.text} ${dir}, r.id ${dir}`;
    orderParams.push(...expr.params);
  }
  const from = `FROM "${storage.table}" r WHERE ${where.join(" AND ")}`;
  const countAll = async () =>
    Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n ${from}`, values))?.n ?? 0);

  if (params.cursor !== null) {
    const after = readCursor(params.cursor);
    const keyset = after ? ` AND (r."createdAt" > ? OR (r."createdAt" = ? AND r.id > ?))` : "";
    const at = after ? (dialect === "sqlite" ? after.at : new Date(after.at)) : null;
    const rows =
      count === 0
        ? []
        : await sql.all<R>(`SELECT ${columns} ${from}${keyset} ORDER BY ${order} LIMIT ?`, [
            ...values,
            ...(after ? [at!, at!, after.id] : []),
            count,
          ]);
    const last = rows[rows.length - 1];
    const nextCursor =
      last && rows.length === count
        ? Buffer.from(
            JSON.stringify([
              last.createdAt instanceof Date ? last.createdAt.toISOString() : String(last.createdAt),
              last.id,
            ]),
          ).toString("base64url")
        : undefined;
    return { rows, total: await countAll(), nextCursor, startIndex: 1 };
  }

  const offset = Math.max(0, params.startIndex - 1);
  const rows =
    count === 0
      ? []
      : await sql.all<R>(`SELECT ${columns} ${from} ORDER BY ${order} LIMIT ? OFFSET ?`, [
          ...values,
          ...orderParams,
          count,
          offset,
        ]);
  // The last page tells the total without a COUNT (Entra's filter look-ups are all last pages).
  const total =
    rows.length > 0 && rows.length < count
      ? offset + rows.length
      : offset === 0 && rows.length === 0 && count > 0
        ? 0
        : await countAll();
  return { rows, total, startIndex: params.startIndex };
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
