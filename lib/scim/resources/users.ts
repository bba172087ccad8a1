/**
 * The Users endpoint: create, read, list/filter, replace, patch, delete — over the ScimUser table
 * (indexed columns + the JSON document) and its email rows.
 */
import { get, run, UniqueViolation, type Work } from "@/lib/db/sql";
import { diffDocs } from "../diff";
import { isObject, isSecret, normaliseResource, type Json, type JsonObject, type Secrets } from "../document";
import { ScimError } from "../errors";
import { parseFilter } from "../filter";
import { scimResponse } from "../http";
import { applyPatch, parsePatchRequest, type PatchOp } from "../patch";
import { project, type Projection } from "../projection";
import { filterToSql, sortExpression, type StorageMap } from "../query";
import { resolvePath } from "../schema/registry";
import { USER_RESOURCE } from "../schema/resource-types";
import { ENTERPRISE_SCHEMA, UNIFLOW_SCHEMA, USER_SCHEMA } from "../schema/user";
import type { Change, ListParams, Outcome, ScimContext } from "./types";
import { LIST_RESPONSE_SCHEMA } from "../schemas";

export const USER_STORAGE: StorageMap = {
  table: "ScimUser",
  columns: {
    id: { column: "id", kind: "text" },
    userName: { column: "userNameLower", kind: "lower" },
    externalId: { column: "externalId", kind: "text" },
    active: { column: "active", kind: "bool" },
    "meta.created": { column: "createdAt", kind: "time" },
    "meta.lastModified": { column: "updatedAt", kind: "time" },
  },
  sideTables: {
    emails: {
      table: "ScimUserEmail",
      fk: "userId",
      columns: {
        value: { column: "valueLower", kind: "lower" },
        type: { column: "type", kind: "text" },
        primary: { column: "primary", kind: "bool" },
      },
    },
  },
};

const PIN_KEY = `${UNIFLOW_SCHEMA}:pin`;

type UserRow = {
  id: string;
  doc: unknown;
  version: number;
  createdAt: unknown;
  updatedAt: unknown;
};

function parseDoc(doc: unknown): JsonObject {
  if (typeof doc === "string") return JSON.parse(doc) as JsonObject;
  if (isObject(doc)) return doc;
  throw new Error("user document is not JSON");
}

function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function etag(version: number): string {
  return `W/"${version}"`;
}

/** The resource as a client sees it (before projection). */
function toResource(ctx: ScimContext, row: UserRow, doc = parseDoc(row.doc)): JsonObject {
  const schemas = [
    USER_SCHEMA,
    ...USER_RESOURCE.extensions.map((e) => e.schema.id).filter((id) => id in doc),
  ];
  const { externalId, ...rest } = doc;
  return {
    schemas,
    id: row.id,
    ...(externalId !== undefined ? { externalId } : {}),
    ...rest,
    meta: {
      resourceType: "User",
      created: toIso(row.createdAt),
      lastModified: toIso(row.updatedAt),
      location: `${ctx.baseUrl}/Users/${row.id}`,
      version: etag(row.version),
    },
  };
}

/** Column values derived from a document. */
function columns(doc: JsonObject) {
  const name = isObject(doc.name) ? doc.name : {};
  const enterprise = isObject(doc[ENTERPRISE_SCHEMA]) ? (doc[ENTERPRISE_SCHEMA] as JsonObject) : {};
  const str = (v: Json | undefined) => (typeof v === "string" ? v : null);
  const userName = String(doc.userName);
  return {
    userName,
    userNameLower: userName.toLowerCase(),
    externalId: str(doc.externalId),
    displayName: str(doc.displayName),
    givenName: str(name.givenName),
    familyName: str(name.familyName),
    department: str(enterprise.department),
    active: doc.active !== false,
  };
}

function emailRows(doc: JsonObject): { value: string; type: string | null; primary: boolean }[] {
  if (!Array.isArray(doc.emails)) return [];
  return doc.emails.flatMap((e) =>
    isObject(e) && typeof e.value === "string"
      ? [{ value: e.value, type: typeof e.type === "string" ? e.type : null, primary: e.primary === true }]
      : [],
  );
}

function* writeEmails(tenantId: string, userId: string, doc: JsonObject, replace: boolean): Work<void> {
  if (replace)
    yield* run(`DELETE FROM "ScimUserEmail" WHERE "tenantId" = ? AND "userId" = ?`, [tenantId, userId]);
  for (const [position, e] of emailRows(doc).entries()) {
    yield* run(
      `INSERT INTO "ScimUserEmail" ("tenantId", "userId", position, value, "valueLower", type, "primary") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [tenantId, userId, position, e.value, e.value.toLowerCase(), e.type, e.primary],
    );
  }
}

function sameEmails(a: JsonObject, b: JsonObject): boolean {
  return JSON.stringify(emailRows(a)) === JSON.stringify(emailRows(b));
}

function uniqueness(error: unknown): never {
  if (error instanceof UniqueViolation) {
    throw new ScimError(409, "A user with this userName already exists in this tenant", "uniqueness");
  }
  throw error;
}

/** Hashes the secrets Rollcall keeps (the PIN); others (a client's `password`) are discarded. */
async function hashSecrets(ctx: ScimContext, secrets: Secrets): Promise<Map<string, string | null>> {
  const hashed = new Map<string, string | null>();
  const pin = secrets[PIN_KEY];
  if (pin !== undefined) hashed.set(PIN_KEY, pin === null ? null : await ctx.hashSecret(pin));
  return hashed;
}

function secretChanges(secrets: Secrets): Change[] {
  return Object.keys(secrets).map((key) => ({ path: key, after: "[redacted]" }));
}

function checkIfMatch(ifMatch: string | null, version: number): void {
  if (ifMatch === null || ifMatch.trim() === "*") return;
  const wanted = ifMatch.split(",").map((s) => s.trim().replace(/^W\//, ""));
  if (!wanted.includes(`"${version}"`)) {
    throw new ScimError(412, "The resource has changed (If-Match does not match its version)");
  }
}

const SELECT = `SELECT r.id, r.doc, r.version, r."createdAt", r."updatedAt" FROM "ScimUser" r`;

function notFound(): never {
  throw new ScimError(404, "User not found");
}

export async function createUser(ctx: ScimContext, body: unknown, projection: Projection): Promise<Outcome> {
  const { doc, secrets } = normaliseResource(USER_RESOURCE, body);
  const hashed = await hashSecrets(ctx, secrets);
  const id = crypto.randomUUID();
  const now = new Date();
  const c = columns(doc);
  const row: UserRow = { id, doc, version: 1, createdAt: now, updatedAt: now };
  await ctx.sql
    .tx(function* () {
      yield* run(
        `INSERT INTO "ScimUser" ("tenantId", id, "idpId", "userName", "userNameLower", "externalId", "displayName", "givenName", "familyName", department, active, doc, "pinHash", version, "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        [
          ctx.tenantId,
          id,
          ctx.idpId,
          c.userName,
          c.userNameLower,
          c.externalId,
          c.displayName,
          c.givenName,
          c.familyName,
          c.department,
          c.active,
          JSON.stringify(doc),
          hashed.get(PIN_KEY) ?? null,
          now,
          now,
        ],
      );
      yield* writeEmails(ctx.tenantId, id, doc, false);
    })
    .catch(uniqueness);
  const resource = toResource(ctx, row, doc);
  return {
    ...scimResponse(201, project(USER_RESOURCE, resource, projection), {
      ETag: etag(1),
      Location: `${ctx.baseUrl}/Users/${id}`,
    }),
    resourceType: "User",
    resourceId: id,
    changes: [...diffDocs(null, doc), ...secretChanges(secrets)],
  };
}

export async function getUser(
  ctx: ScimContext,
  id: string,
  projection: Projection,
  ifNoneMatch: string | null,
): Promise<Outcome> {
  const row = await ctx.sql.get<UserRow>(`${SELECT} WHERE r."tenantId" = ? AND r.id = ?`, [ctx.tenantId, id]);
  if (!row) notFound();
  const tag = etag(row.version);
  if (ifNoneMatch && ifNoneMatch.split(",").some((t) => t.trim() === tag || t.trim() === "*")) {
    return { status: 304, headers: { ETag: tag }, body: undefined, resourceType: "User", resourceId: id };
  }
  return {
    ...scimResponse(200, project(USER_RESOURCE, toResource(ctx, row), projection), { ETag: tag }),
    resourceType: "User",
    resourceId: id,
  };
}

const MAX_COUNT = 1000;
export const USER_LIST_LIMITS = { defaultCount: 100, maxCount: MAX_COUNT };

type Cursor = { at: string; id: string };

function readCursor(cursor: string): Cursor | null {
  if (cursor === "") return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string") {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new ScimError(400, "The cursor is invalid or expired", "invalidCursor");
}

export async function listUsers(ctx: ScimContext, params: ListParams): Promise<Outcome> {
  const { sql } = ctx;
  const dialect = sql.dialect;
  const where: string[] = [`r."tenantId" = ?`];
  const values: (string | number | boolean | null | Date)[] = [ctx.tenantId];
  if (params.filter !== null) {
    const compiled = filterToSql(parseFilter(params.filter), USER_RESOURCE, USER_STORAGE, dialect);
    where.push(compiled.text);
    values.push(...compiled.params);
  }
  const count = Math.max(0, Math.min(params.count, MAX_COUNT));
  let order = `r."createdAt", r.id`;
  const orderParams: (string | number)[] = [];
  if (params.sortBy) {
    if (params.cursor !== null)
      throw new ScimError(400, "sortBy cannot be combined with cursor paging", "invalidValue");
    const expr = sortExpression(params.sortBy, USER_RESOURCE, USER_STORAGE, dialect);
    const dir = params.sortOrder === "descending" ? "DESC" : "ASC";
    order = `${expr.text} ${dir}, r.id ${dir}`;
    orderParams.push(...(expr.params as (string | number)[]));
  }
  const base = `FROM "ScimUser" r WHERE ${where.join(" AND ")}`;
  let rows: UserRow[] = [];
  let total: number;
  let nextCursor: string | undefined;
  if (params.cursor !== null) {
    const after = readCursor(params.cursor);
    const keyset = after ? ` AND (r."createdAt" > ? OR (r."createdAt" = ? AND r.id > ?))` : "";
    const at = after ? (dialect === "sqlite" ? after.at : new Date(after.at)) : null;
    const keysetParams = after ? [at!, at!, after.id] : [];
    rows =
      count === 0
        ? []
        : await sql.all<UserRow>(
            `SELECT r.id, r.doc, r.version, r."createdAt", r."updatedAt" ${base}${keyset} ORDER BY ${order} LIMIT ?`,
            [...values, ...keysetParams, count],
          );
    const counted = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n ${base}`, values);
    total = Number(counted?.n ?? 0);
    const last = rows[rows.length - 1];
    if (last && rows.length === count) {
      const lastAt = last.createdAt instanceof Date ? last.createdAt.toISOString() : String(last.createdAt);
      nextCursor = Buffer.from(JSON.stringify([lastAt, last.id])).toString("base64url");
    }
  } else {
    const offset = Math.max(0, params.startIndex - 1);
    rows =
      count === 0
        ? []
        : await sql.all<UserRow>(
            `SELECT r.id, r.doc, r.version, r."createdAt", r."updatedAt" ${base} ORDER BY ${order} LIMIT ? OFFSET ?`,
            [...values, ...orderParams, count, offset],
          );
    if (rows.length > 0 && rows.length < count) {
      total = offset + rows.length; // the last page: no need to count
    } else if (offset === 0 && rows.length === 0 && count > 0) {
      total = 0;
    } else {
      const counted = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n ${base}`, values);
      total = Number(counted?.n ?? 0);
    }
  }
  const resources = rows.map((row) => project(USER_RESOURCE, toResource(ctx, row), params.projection));
  return {
    ...scimResponse(200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: total,
      itemsPerPage: resources.length,
      startIndex: params.cursor !== null ? 1 : Math.max(1, params.startIndex),
      ...(nextCursor ? { nextCursor } : {}),
      Resources: resources,
    }),
    resourceType: "User",
  };
}

/** Reads, changes and writes one user atomically; `change` is pure and runs inside the transaction. */
async function updateUser(
  ctx: ScimContext,
  id: string,
  ifMatch: string | null,
  hashed: Map<string, string | null>,
  change: (doc: JsonObject) => { doc: JsonObject; secrets: Secrets },
): Promise<{ row: UserRow; before: JsonObject; after: JsonObject; secrets: Secrets }> {
  const { sql } = ctx;
  const lock = sql.dialect === "postgres" ? " FOR UPDATE" : "";
  const tenantId = ctx.tenantId;
  return sql
    .tx(function* () {
      const current = yield* get<UserRow & { pinHash: string | null }>(
        `SELECT r.id, r.doc, r.version, r."createdAt", r."updatedAt", r."pinHash" FROM "ScimUser" r WHERE r."tenantId" = ? AND r.id = ?${lock}`,
        [tenantId, id],
      );
      if (!current) notFound();
      checkIfMatch(ifMatch, current.version);
      const before = parseDoc(current.doc);
      const { doc, secrets } = change(before);
      const c = columns(doc);
      const now = new Date();
      const pinHash = PIN_KEY in secrets ? (hashed.get(PIN_KEY) ?? null) : current.pinHash;
      yield* run(
        `UPDATE "ScimUser" SET "userName" = ?, "userNameLower" = ?, "externalId" = ?, "displayName" = ?, "givenName" = ?, "familyName" = ?, department = ?, active = ?, doc = ?, "pinHash" = ?, version = version + 1, "updatedAt" = ?
         WHERE "tenantId" = ? AND id = ?`,
        [
          c.userName,
          c.userNameLower,
          c.externalId,
          c.displayName,
          c.givenName,
          c.familyName,
          c.department,
          c.active,
          JSON.stringify(doc),
          pinHash,
          now,
          tenantId,
          id,
        ],
      );
      if (!sameEmails(before, doc)) yield* writeEmails(tenantId, id, doc, true);
      const row: UserRow = { ...current, doc, version: current.version + 1, updatedAt: now };
      return { row, before, after: doc, secrets };
    })
    .catch(uniqueness);
}

export async function replaceUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | null,
  projection: Projection,
): Promise<Outcome> {
  const { doc, secrets } = normaliseResource(USER_RESOURCE, body);
  const hashed = await hashSecrets(ctx, secrets);
  const result = await updateUser(ctx, id, ifMatch, hashed, () => ({ doc, secrets }));
  return {
    ...scimResponse(200, project(USER_RESOURCE, toResource(ctx, result.row, result.after), projection), {
      ETag: etag(result.row.version),
    }),
    resourceType: "User",
    resourceId: id,
    changes: [...diffDocs(result.before, result.after), ...secretChanges(secrets)],
  };
}

/** Plain values of write-only attributes a PATCH sets, so they can be hashed before the transaction. */
function patchSecrets(ops: PatchOp[]): Secrets {
  const found: Secrets = {};
  const consider = (path: string, value: unknown) => {
    const resolved = resolvePath(USER_RESOURCE, path);
    if (resolved && isSecret(resolved.attribute)) {
      found[`${resolved.schema ?? ""}:${resolved.attribute.name}`] = typeof value === "string" ? value : null;
    }
  };
  for (const op of ops) {
    if (op.op === "remove") continue;
    if (op.path !== null) {
      consider(op.path, op.value);
    } else if (isObject(op.value)) {
      for (const [key, value] of Object.entries(op.value)) {
        if (isObject(value)) for (const [name, v] of Object.entries(value)) consider(`${key}:${name}`, v);
        else consider(key, value);
      }
    }
  }
  return found;
}

export async function patchUser(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | null,
  projection: Projection,
): Promise<Outcome> {
  const ops = parsePatchRequest(body);
  const hashed = await hashSecrets(ctx, patchSecrets(ops));
  const result = await updateUser(ctx, id, ifMatch, hashed, (doc) => applyPatch(USER_RESOURCE, doc, ops));
  return {
    ...scimResponse(200, project(USER_RESOURCE, toResource(ctx, result.row, result.after), projection), {
      ETag: etag(result.row.version),
    }),
    resourceType: "User",
    resourceId: id,
    changes: [...diffDocs(result.before, result.after), ...secretChanges(result.secrets)],
  };
}

export async function deleteUser(ctx: ScimContext, id: string, ifMatch: string | null): Promise<Outcome> {
  const tenantId = ctx.tenantId;
  const before = await ctx.sql.tx(function* () {
    const current = yield* get<UserRow>(`${SELECT} WHERE r."tenantId" = ? AND r.id = ?`, [tenantId, id]);
    if (!current) notFound();
    checkIfMatch(ifMatch, current.version);
    yield* run(`DELETE FROM "ScimUserEmail" WHERE "tenantId" = ? AND "userId" = ?`, [tenantId, id]);
    yield* run(`DELETE FROM "ScimUser" WHERE "tenantId" = ? AND id = ?`, [tenantId, id]);
    return parseDoc(current.doc);
  });
  return {
    status: 204,
    headers: {},
    body: undefined,
    resourceType: "User",
    resourceId: id,
    changes: diffDocs(before, null),
  };
}
