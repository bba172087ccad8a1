/**
 * The Users endpoint: create, read, list/filter, replace, patch, delete — over the ScimUser table
 * (indexed columns + the JSON document) and its email rows.
 */
import { fold } from "@/lib/db/fold";
import { newId } from "@/lib/ids";
import { get, run, UniqueViolation, type SqlValue, type Work } from "@/lib/db/sql";
import { diffDocs } from "../diff";
import {
  isObject,
  isSecret,
  normaliseResource,
  serialise,
  type Json,
  type JsonObject,
  type Secrets,
} from "../document";
import { ScimError } from "../errors";
import { scimResponse } from "../http";
import { applyPatch, parsePatchRequest, type PatchOp } from "../patch";
import { project, type Projection } from "../projection";
import type { StorageMap } from "../query";
import { resolvePath } from "../schema/registry";
import type { ResourceTypeDef } from "../schema/types";
import { ENTERPRISE_SCHEMA, UNIFLOW_SCHEMA, USER_SCHEMA } from "../schema/user";
import {
  chunks,
  checkIfMatch,
  etag,
  ifNoneMatches,
  listRows,
  parseDoc,
  toIso,
  wants,
  type Row,
} from "./common";
import { guardDeprovision, HELD_NOTE, type Deprovision } from "./guard";
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
    groups: {
      table: "ScimGroupMember",
      fk: "memberId",
      columns: { value: { column: "groupId", kind: "text" } },
    },
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

type UserRow = Row;
type GroupRef = { memberId: string; id: string; displayName: string };

/** The groups of the given users (their read-only `groups` attribute), in one query. */
async function groupsOf(ctx: ScimContext, userIds: string[]): Promise<Map<string, Json[]>> {
  const byUser = new Map<string, Json[]>();
  for (const part of chunks(userIds, 500)) {
    const rows = await ctx.sql.all<GroupRef>(
      `SELECT m."memberId", g.id, g."displayName" FROM "ScimGroupMember" m
         JOIN "ScimGroup" g ON g."tenantId" = m."tenantId" AND g.id = m."groupId"
        WHERE m."tenantId" = ? AND m."memberId" IN (${part.map(() => "?").join(", ")})
        ORDER BY g."displayNameLower"`,
      [ctx.tenantId, ...part],
    );
    for (const r of rows) {
      const list = byUser.get(r.memberId) ?? [];
      list.push({
        value: r.id,
        $ref: `${ctx.baseUrl}/Groups/${r.id}`,
        display: r.displayName,
        type: "direct",
      });
      byUser.set(r.memberId, list);
    }
  }
  return byUser;
}

/** Resources for rows, with `groups` filled in when the projection returns it. */
async function resources(ctx: ScimContext, rows: UserRow[], projection: Projection): Promise<JsonObject[]> {
  const groups =
    wants(ctx.types.user, projection, "groups") && rows.length > 0
      ? await groupsOf(
          ctx,
          rows.map((r) => r.id),
        )
      : null;
  return rows.map((row) => {
    const resource = toResource(ctx, row);
    const g = groups?.get(row.id);
    if (g) resource.groups = g;
    return project(ctx.types.user, resource, projection);
  });
}

/** The resource as a client sees it (before projection). */
function toResource(ctx: ScimContext, row: UserRow, doc = parseDoc(row.doc)): JsonObject {
  // Positions: schemas, id, externalId, the attributes as stored, meta.
  const schemas = [
    USER_SCHEMA,
    ...ctx.types.user.extensions.map((e) => e.schema.id).filter((id) => id in doc),
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

/**
 * The columns derived from a document (everything except the document itself, the PIN hash and
 * the bookkeeping), as quoted name → value in one order, so INSERT and UPDATE cannot drift apart.
 */
function columns(doc: JsonObject): [string, SqlValue][] {
  const name = isObject(doc.name) ? doc.name : {};
  const enterprise = isObject(doc[ENTERPRISE_SCHEMA]) ? (doc[ENTERPRISE_SCHEMA] as JsonObject) : {};
  const str = (v: Json | undefined) => (typeof v === "string" ? v : null);
  const userName = String(doc.userName);
  const emails = emailRows(doc).map((e) => e.value);
  const searchText = [
    userName,
    doc.displayName,
    name.givenName,
    name.familyName,
    ...emails,
    doc.externalId,
    enterprise.department,
  ]
    .filter((v): v is string => typeof v === "string" && v !== "")
    .join(" ");
  return [
    [`"userName"`, userName],
    [`"userNameLower"`, fold(userName)],
    [`"externalId"`, str(doc.externalId)],
    [`"displayName"`, str(doc.displayName)],
    [`"givenName"`, str(name.givenName)],
    [`"familyName"`, str(name.familyName)],
    [`department`, str(enterprise.department)],
    [`"searchText"`, fold(searchText)],
    [`active`, doc.active !== false],
    [`doc`, serialise(doc, "User")],
  ];
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
      [tenantId, userId, position, e.value, fold(e.value), e.type, e.primary],
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

/** Card numbers appear in the provisioning log with their last four characters only. */
function masked(changes: Change[]): Change[] {
  const mask = (v: unknown) => (typeof v === "string" ? `••••${v.slice(-4)}` : v);
  return changes.map((c) =>
    c.path.endsWith(".cardNumber")
      ? {
          path: c.path,
          ...("before" in c ? { before: mask(c.before) } : {}),
          ...("after" in c ? { after: mask(c.after) } : {}),
        }
      : c,
  );
}

function secretChanges(secrets: Secrets): Change[] {
  return Object.keys(secrets).map((key) => ({ path: key, after: "[redacted]" }));
}

const COLUMNS = `r.id, r.doc, r.version, r."createdAt", r."updatedAt"`;
const SELECT = `SELECT ${COLUMNS} FROM "ScimUser" r`;

function notFound(): never {
  throw new ScimError(404, "User not found");
}

export async function createUser(ctx: ScimContext, body: unknown, projection: Projection): Promise<Outcome> {
  const { doc, secrets } = normaliseResource(ctx.types.user, body);
  const hashed = await hashSecrets(ctx, secrets);
  const id = newId();
  const now = new Date();
  const c = columns(doc);
  const row: UserRow = { id, doc, version: 1, createdAt: now, updatedAt: now };
  await ctx.sql
    .tx(function* () {
      yield* run(
        `INSERT INTO "ScimUser" ("tenantId", id, "idpId", ${c.map(([name]) => name).join(", ")}, "pinHash", version, "createdAt", "updatedAt")
         VALUES (?, ?, ?, ${c.map(() => "?").join(", ")}, ?, 1, ?, ?)`,
        [ctx.tenantId, id, ctx.idpId, ...c.map(([, value]) => value), hashed.get(PIN_KEY) ?? null, now, now],
      );
      yield* writeEmails(ctx.tenantId, id, doc, false);
    })
    .catch(uniqueness);
  const resource = toResource(ctx, row, doc);
  return {
    ...scimResponse(201, project(ctx.types.user, resource, projection), {
      ETag: etag(1),
      Location: `${ctx.baseUrl}/Users/${id}`,
    }),
    resourceType: "User",
    resourceId: id,
    changes: [...masked(diffDocs(null, doc)), ...secretChanges(secrets)],
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
  if (ifNoneMatches(ifNoneMatch, row.version)) {
    return { status: 304, headers: { ETag: tag }, body: undefined, resourceType: "User", resourceId: id };
  }
  const [resource] = await resources(ctx, [row], projection);
  return { ...scimResponse(200, resource, { ETag: tag }), resourceType: "User", resourceId: id };
}

export async function listUsers(ctx: ScimContext, params: ListParams): Promise<Outcome> {
  const page = await listRows<UserRow>(ctx, params, ctx.types.user, USER_STORAGE, COLUMNS);
  const list = await resources(ctx, page.rows, params.projection);
  return {
    ...scimResponse(200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: page.total,
      itemsPerPage: list.length,
      startIndex: page.startIndex,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      Resources: list,
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
  method: Deprovision["method"],
): Promise<{ row: UserRow; before: JsonObject; after: JsonObject; secrets: Secrets; held: boolean }> {
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
      const setsPin = PIN_KEY in secrets;
      const pinHash = setsPin ? (hashed.get(PIN_KEY) ?? null) : current.pinHash;
      if (before.active !== false && doc.active === false) {
        const verdict = yield* guardDeprovision(ctx, id, {
          kind: "disable",
          method,
          doc,
          ...(setsPin ? { pinHash: pinHash ?? "" } : {}),
          version: current.version,
        });
        if (verdict === "hold") return { row: current, before, after: before, secrets: {}, held: true };
      }
      const c = columns(doc);
      const now = new Date();
      yield* run(
        `UPDATE "ScimUser" SET ${c.map(([name]) => `${name} = ?`).join(", ")}, "pinHash" = ?, version = version + 1, "updatedAt" = ?
         WHERE "tenantId" = ? AND id = ?`,
        [...c.map(([, value]) => value), pinHash, now, tenantId, id],
      );
      if (!sameEmails(before, doc)) yield* writeEmails(tenantId, id, doc, true);
      const row: UserRow = { ...current, doc, version: current.version + 1, updatedAt: now };
      return { row, before, after: doc, secrets, held: false };
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
  const { doc, secrets } = normaliseResource(ctx.types.user, body);
  const hashed = await hashSecrets(ctx, secrets);
  // A PUT that leaves `active` out keeps the user's status (RFC 7644 §3.5.1 leaves it to the
  // server): a client that does not map it must not re-enable a disabled user by a profile update.
  const keepActive = (current: JsonObject) =>
    doc.active === undefined && typeof current.active === "boolean"
      ? { ...doc, active: current.active }
      : doc;
  const result = await updateUser(
    ctx,
    id,
    ifMatch,
    hashed,
    (current) => ({ doc: keepActive(current), secrets }),
    "PUT",
  );
  const [resource] = await resources(ctx, [result.row], projection);
  return {
    ...scimResponse(200, resource, { ETag: etag(result.row.version) }),
    resourceType: "User",
    resourceId: id,
    ...(result.held
      ? { changes: [], note: HELD_NOTE }
      : { changes: [...masked(diffDocs(result.before, result.after)), ...secretChanges(secrets)] }),
  };
}

/** Plain values of write-only attributes a PATCH sets, so they can be hashed before the transaction. */
function patchSecrets(type: ResourceTypeDef, ops: PatchOp[]): Secrets {
  const found: Secrets = {};
  const consider = (path: string, value: unknown) => {
    const resolved = resolvePath(type, path);
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
  const hashed = await hashSecrets(ctx, patchSecrets(ctx.types.user, ops));
  const result = await updateUser(
    ctx,
    id,
    ifMatch,
    hashed,
    (doc) => applyPatch(ctx.types.user, id, doc, ops),
    "PATCH",
  );
  // RFC 7644 §3.5.2 allows 204 for PATCH: the client hears "done" while the change waits.
  if (result.held) {
    return {
      status: 204,
      headers: {},
      body: undefined,
      resourceType: "User",
      resourceId: id,
      changes: [],
      note: HELD_NOTE,
    };
  }
  const [resource] = await resources(ctx, [result.row], projection);
  return {
    ...scimResponse(200, resource, { ETag: etag(result.row.version) }),
    resourceType: "User",
    resourceId: id,
    changes: [...masked(diffDocs(result.before, result.after)), ...secretChanges(result.secrets)],
  };
}

export async function deleteUser(ctx: ScimContext, id: string, ifMatch: string | null): Promise<Outcome> {
  const tenantId = ctx.tenantId;
  const result = await ctx.sql.tx(function* () {
    const current = yield* get<UserRow>(`${SELECT} WHERE r."tenantId" = ? AND r.id = ?`, [tenantId, id]);
    if (!current) notFound();
    checkIfMatch(ifMatch, current.version);
    const verdict = yield* guardDeprovision(ctx, id, {
      kind: "delete",
      method: "DELETE",
      doc: null,
      version: current.version,
    });
    if (verdict === "hold") return null;
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
    ...(result === null ? { changes: [], note: HELD_NOTE } : { changes: masked(diffDocs(result, null)) }),
  };
}

/**
 * Applies a disable the guard held (its resulting document, and the PIN hash the same request set)
 * — only to the version it was held for: a user who changed since (re-enabled, edited) has moved
 * on, and the held change is superseded (412).
 */
export async function applyHeldDisable(
  ctx: ScimContext,
  id: string,
  held: { doc: JsonObject; pinHash: string | null; version: number | null },
): Promise<Outcome> {
  const secrets: Secrets = held.pinHash === null ? {} : { [PIN_KEY]: null };
  const hashed = new Map([[PIN_KEY, held.pinHash || null]]);
  const ifMatch = held.version === null ? null : etag(held.version);
  const result = await updateUser(ctx, id, ifMatch, hashed, () => ({ doc: held.doc, secrets }), "PATCH");
  return {
    status: 204,
    headers: {},
    body: undefined,
    resourceType: "User",
    resourceId: id,
    changes: [...masked(diffDocs(result.before, result.after)), ...secretChanges(secrets)],
  };
}
