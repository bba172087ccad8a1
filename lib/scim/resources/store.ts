/**
 * What Users and Groups share: a table of rows (indexed columns derived from the document + the
 * document itself), versions and ETags, reading one resource or a page of them, and turning a
 * row into the resource a client sees. Each resource kind declares its storage once (`StorageMap`,
 * used by filters, sorting and every write) and adds what is its own (a user's emails and groups,
 * a group's members).
 */
import { run, UniqueViolation, type SqlValue, type Work } from "@/lib/db/sql";
import { isObject, type JsonObject } from "../document";
import { ScimError } from "../errors";
import { parseFilter } from "../filter";
import { scimResponse } from "../http";
import { MAX_RESULTS } from "../limits";
import { project, returns, type Projection } from "../projection";
import { filterToSql, sortExpression } from "../query";
import type { StorageMap } from "../storage";
import { LIST_RESPONSE_SCHEMA } from "../schemas";
import type { ResourceTypeDef } from "../schema/types";
import type { ListParams, Outcome, PresentContext, ScimContext } from "./types";

export type Row = { id: string; doc: unknown; version: number; createdAt: unknown; updatedAt: unknown };

export const ROW_COLUMNS = `r.id, r.doc, r.version, r."createdAt", r."updatedAt"`;

/** A resource kind as the store sees it. */
export type Kind = {
  name: "User" | "Group";
  storage: StorageMap;
  type(ctx: Pick<ScimContext, "types">): ResourceTypeDef;
  /** The 409 detail when a unique column would repeat (userName, displayName). */
  duplicate: string;
  /**
   * Attributes kept outside the document (a user's groups, a group's members), for the rows about
   * to be returned: called only when the projection returns `attribute`.
   */
  related?: {
    attribute: string;
    load(ctx: ScimContext, ids: string[]): Promise<Map<string, JsonObject[string]>>;
  };
};

export function parseDoc(doc: unknown): JsonObject {
  if (typeof doc === "string") return JSON.parse(doc) as JsonObject;
  if (isObject(doc)) return doc;
  throw new Error("stored document is not JSON");
}

function toIso(value: unknown): string {
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

export function notFound(kind: Kind): never {
  throw new ScimError(404, `${kind.name} not found`);
}

/** Maps a unique-index violation to SCIM's 409 uniqueness; rethrows anything else. */
export function uniqueness(kind: Kind): (error: unknown) => never {
  return (error) => {
    if (error instanceof UniqueViolation) throw new ScimError(409, kind.duplicate, "uniqueness");
    throw error;
  };
}

/** The document's derived columns and the document itself, as quoted name → value, in one order. */
export function derivedColumns(kind: Kind, doc: JsonObject): [string, SqlValue][] {
  return kind.storage.derived.map(({ column, value }) => [`"${column}"`, value(doc)]);
}

/** INSERT of a new row: tenant, id, the identity provider that created it, the derived columns. */
export function* insertRow(
  ctx: ScimContext,
  kind: Kind,
  id: string,
  doc: JsonObject,
  now: Date,
  extra: [string, SqlValue][] = [],
): Work<void> {
  const c = [...derivedColumns(kind, doc), ...extra];
  yield* run(
    `INSERT INTO "${kind.storage.table}" ("tenantId", id, "idpId", ${c.map(([name]) => name).join(", ")}, version, "createdAt", "updatedAt")
     VALUES (?, ?, ?, ${c.map(() => "?").join(", ")}, 1, ?, ?)`,
    [ctx.tenantId, id, ctx.idpId, ...c.map(([, value]) => value), now, now],
  );
}

/** UPDATE of the derived columns (and `extra`) of a row; the version is bumped by the caller. */
export function* updateRow(
  ctx: ScimContext,
  kind: Kind,
  id: string,
  doc: JsonObject,
  extra: [string, SqlValue][] = [],
): Work<void> {
  const c = [...derivedColumns(kind, doc), ...extra];
  yield* run(
    `UPDATE "${kind.storage.table}" SET ${c.map(([name]) => `${name} = ?`).join(", ")} WHERE "tenantId" = ? AND id = ?`,
    [...c.map(([, value]) => value), ctx.tenantId, id],
  );
}

/** The resource as a client sees it, before projection: schemas, id, externalId, attributes, meta. */
export function resourceOf(ctx: PresentContext, kind: Kind, row: Row, doc = parseDoc(row.doc)): JsonObject {
  const type = kind.type(ctx);
  const { externalId, ...rest } = doc;
  return {
    schemas: [type.schema.id, ...type.extensions.map((e) => e.schema.id).filter((id) => id in doc)],
    id: row.id,
    ...(externalId !== undefined ? { externalId } : {}),
    ...rest,
    meta: {
      resourceType: kind.name,
      created: toIso(row.createdAt),
      lastModified: toIso(row.updatedAt),
      location: `${ctx.baseUrl}${type.endpoint}/${row.id}`,
      version: etag(row.version),
    },
  };
}

/** Resources for rows, projected, with the related attribute loaded only when it is returned. */
export async function present(
  ctx: ScimContext,
  kind: Kind,
  rows: Row[],
  projection: Projection,
): Promise<JsonObject[]> {
  const type = kind.type(ctx);
  const related = kind.related;
  const loaded =
    related && rows.length > 0 && returns(type, projection, related.attribute)
      ? await related.load(
          ctx,
          rows.map((r) => r.id),
        )
      : null;
  return rows.map((row) => {
    const resource = resourceOf(ctx, kind, row);
    const value = loaded?.get(row.id);
    if (related && value !== undefined) {
      // Before meta, where the other attributes are.
      const { meta, ...rest } = resource;
      const full: JsonObject = { ...rest, [related.attribute]: value };
      if (meta !== undefined) full.meta = meta;
      return project(type, full, projection);
    }
    return project(type, resource, projection);
  });
}

/** GET of one resource (304 when If-None-Match names its version). */
export async function getResource(
  ctx: ScimContext,
  kind: Kind,
  id: string,
  projection: Projection,
  ifNoneMatch: string | null,
): Promise<Outcome> {
  const row = await ctx.sql.get<Row>(
    `SELECT ${ROW_COLUMNS} FROM "${kind.storage.table}" r WHERE r."tenantId" = ? AND r.id = ?`,
    [ctx.tenantId, id],
  );
  if (!row) notFound(kind);
  const tag = etag(row.version);
  const base = { resourceType: kind.name, resourceId: id };
  if (ifNoneMatch !== null && ifNoneMatch.split(",").some((t) => t.trim() === tag || t.trim() === "*")) {
    return { status: 304, headers: { ETag: tag }, body: undefined, ...base };
  }
  const [resource] = await present(ctx, kind, [row], projection);
  return { ...scimResponse(200, resource, { ETag: tag }), ...base };
}

/** A created resource's answer: 201 with Location and ETag. */
export async function created(
  ctx: ScimContext,
  kind: Kind,
  row: Row,
  projection: Projection,
): Promise<Outcome> {
  const [resource] = await present(ctx, kind, [row], projection);
  return {
    ...scimResponse(201, resource, {
      ETag: etag(row.version),
      Location: `${ctx.baseUrl}${kind.type(ctx).endpoint}/${row.id}`,
    }),
    resourceType: kind.name,
    resourceId: row.id,
  };
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

type Page = { rows: Row[]; total: number; nextCursor?: string; startIndex: number };

/** One page of a tenant's resources: filter in SQL, stable order, index or cursor paging. */
async function listRows(ctx: ScimContext, kind: Kind, params: ListParams): Promise<Page> {
  const { sql } = ctx;
  const dialect = sql.dialect;
  const type = kind.type(ctx);
  const where: string[] = [`r."tenantId" = ?`];
  const values: SqlValue[] = [ctx.tenantId];
  if (params.filter !== null) {
    const compiled = filterToSql(parseFilter(params.filter), type, kind.storage, dialect);
    where.push(compiled.text);
    values.push(...compiled.params);
  }
  const count = Math.max(0, Math.min(params.count, MAX_RESULTS));
  let order = `r."createdAt", r.id`;
  const orderParams: SqlValue[] = [];
  if (params.sortBy) {
    if (params.cursor !== null)
      throw new ScimError(400, "sortBy cannot be combined with cursor paging", "invalidValue");
    const expr = sortExpression(params.sortBy, type, kind.storage, dialect);
    const dir = params.sortOrder === "descending" ? "DESC" : "ASC";
    order = `${expr.text} ${dir}, r.id ${dir}`;
    orderParams.push(...expr.params);
  }
  const from = `FROM "${kind.storage.table}" r WHERE ${where.join(" AND ")}`;
  const countAll = async () =>
    Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n ${from}`, values))?.n ?? 0);

  if (params.cursor !== null) {
    const after = readCursor(params.cursor);
    const keyset = after ? ` AND (r."createdAt" > ? OR (r."createdAt" = ? AND r.id > ?))` : "";
    const at = after ? (dialect === "sqlite" ? after.at : new Date(after.at)) : null;
    const rows =
      count === 0
        ? []
        : await sql.all<Row>(`SELECT ${ROW_COLUMNS} ${from}${keyset} ORDER BY ${order} LIMIT ?`, [
            ...values,
            ...(after ? [at!, at!, after.id] : []),
            count,
          ]);
    const last = rows[rows.length - 1];
    const nextCursor =
      last && rows.length === count
        ? Buffer.from(JSON.stringify([toIso(last.createdAt), last.id])).toString("base64url")
        : undefined;
    return { rows, total: await countAll(), nextCursor, startIndex: 1 };
  }

  const offset = Math.max(0, params.startIndex - 1);
  const rows =
    count === 0
      ? []
      : await sql.all<Row>(`SELECT ${ROW_COLUMNS} ${from} ORDER BY ${order} LIMIT ? OFFSET ?`, [
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

/** A ListResponse of one page. */
export async function listResources(ctx: ScimContext, kind: Kind, params: ListParams): Promise<Outcome> {
  const page = await listRows(ctx, kind, params);
  const list = await present(ctx, kind, page.rows, params.projection);
  return {
    ...scimResponse(200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: page.total,
      itemsPerPage: list.length,
      startIndex: page.startIndex,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      Resources: list,
    }),
    resourceType: kind.name,
  };
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
