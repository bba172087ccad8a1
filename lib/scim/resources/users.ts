/**
 * The Users endpoint over the ScimUser table (indexed columns + the JSON document), its email rows,
 * the PIN hash, and the read-only `groups` taken from memberships. Disables and deletes pass the
 * mass-deprovisioning guard.
 */
import { fold } from "@/lib/db/fold";
import { get, run, type Work } from "@/lib/db/sql";
import { newId } from "@/lib/ids";
import { diffDocs } from "../diff";
import {
  isObject,
  normaliseResource,
  serialise,
  type Json,
  type JsonObject,
  type Secrets,
} from "../document";
import { scimResponse } from "../http";
import { applyPatch, parsePatchRequest } from "../patch";
import type { Projection } from "../projection";
import { ENTERPRISE_SCHEMA } from "../schema/user";
import { guardDeprovision, HELD_NOTE, type Deprovision } from "./deprovision-guard";
import { groupIdsOf, userEvent } from "./events";
import { groupsOf } from "./members";
import {
  checkIfMatch,
  created,
  etag,
  getResource,
  insertRow,
  listResources,
  notFound,
  parseDoc,
  present,
  ROW_COLUMNS,
  uniqueness,
  updateRow,
  type Kind,
  type Row,
} from "./store";
import { hashSecrets, masked, patchSecrets, PIN_KEY, secretChanges } from "./user-secrets";
import type { Change, Outcome, ResourceHandler, ScimContext } from "./types";

type Email = { value: string; type: string | null; primary: boolean };

function emailRows(doc: JsonObject): Email[] {
  if (!Array.isArray(doc.emails)) return [];
  return doc.emails.flatMap((e) =>
    isObject(e) && typeof e.value === "string"
      ? [{ value: e.value, type: typeof e.type === "string" ? e.type : null, primary: e.primary === true }]
      : [],
  );
}

const text = (v: Json | undefined) => (typeof v === "string" ? v : null);
const nameOf = (doc: JsonObject) => (isObject(doc.name) ? doc.name : {});
const enterpriseOf = (doc: JsonObject) => (isObject(doc[ENTERPRISE_SCHEMA]) ? doc[ENTERPRISE_SCHEMA] : {});

/** The portal's search box looks in userName, names, emails, externalId and department. */
function searchText(doc: JsonObject): string {
  const name = nameOf(doc);
  return fold(
    [
      doc.userName,
      doc.displayName,
      name.givenName,
      name.familyName,
      ...emailRows(doc).map((e) => e.value),
      doc.externalId,
      enterpriseOf(doc).department,
    ]
      .filter((v): v is string => typeof v === "string" && v !== "")
      .join(" "),
  );
}

export const USERS: Kind = {
  name: "User",
  type: (ctx) => ctx.types.user,
  duplicate: "A user with this userName already exists in this tenant",
  storage: {
    table: "ScimUser",
    columns: {
      id: { column: "id", kind: "text" },
      userName: { column: "userNameLower", kind: "lower" },
      externalId: { column: "externalId", kind: "text" },
      active: { column: "active", kind: "bool" },
      "meta.created": { column: "createdAt", kind: "time" },
      "meta.lastModified": { column: "updatedAt", kind: "time" },
    },
    derived: [
      { column: "userName", value: (doc) => String(doc.userName) },
      { column: "userNameLower", value: (doc) => fold(String(doc.userName)) },
      { column: "externalId", value: (doc) => text(doc.externalId) },
      { column: "displayName", value: (doc) => text(doc.displayName) },
      { column: "givenName", value: (doc) => text(nameOf(doc).givenName) },
      { column: "familyName", value: (doc) => text(nameOf(doc).familyName) },
      { column: "department", value: (doc) => text(enterpriseOf(doc).department) },
      { column: "searchText", value: searchText },
      { column: "active", value: (doc) => doc.active !== false },
      { column: "doc", value: (doc) => serialise(doc, "User") },
    ],
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
  },
  related: { attribute: "groups", load: groupsOf },
};

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

const sameEmails = (a: JsonObject, b: JsonObject) =>
  JSON.stringify(emailRows(a)) === JSON.stringify(emailRows(b));

async function create(ctx: ScimContext, body: unknown, projection: Projection): Promise<Outcome> {
  const { doc, secrets } = normaliseResource(ctx.types.user, body);
  const hashed = await hashSecrets(ctx, secrets);
  const id = newId();
  const now = new Date();
  const row: Row = { id, doc, version: 1, createdAt: now, updatedAt: now };
  await ctx.sql
    .tx(function* () {
      yield* ctx.roles.hold(ctx, "user");
      yield* insertRow(ctx, USERS, id, doc, now, [[`"pinHash"`, hashed.get(PIN_KEY) ?? null]]);
      yield* writeEmails(ctx.tenantId, id, doc, false);
      yield* userEvent(ctx, USERS, row, null, doc, [], []);
    })
    .catch(uniqueness(USERS));
  return {
    ...(await created(ctx, USERS, row, projection)),
    changes: [...masked(diffDocs(null, doc)), ...secretChanges(secrets)],
  };
}

type Updated = { row: Row; before: JsonObject; after: JsonObject; changes: Change[]; held: boolean };

/** Reads, changes and writes one user atomically; `change` is pure and runs inside the transaction. */
async function update(
  ctx: ScimContext,
  id: string,
  ifMatch: string | null,
  hashed: Map<string, string | null>,
  change: (doc: JsonObject) => { doc: JsonObject; secrets: Secrets },
  method: Deprovision["method"],
): Promise<Updated> {
  const { sql, tenantId } = ctx;
  const lock = sql.dialect === "postgres" ? " FOR UPDATE" : "";
  return sql
    .tx(function* (): Work<Updated> {
      yield* ctx.roles.hold(ctx, "user");
      const current = yield* get<Row & { pinHash: string | null }>(
        `SELECT ${ROW_COLUMNS}, r."pinHash" FROM "ScimUser" r WHERE r."tenantId" = ? AND r.id = ?${lock}`,
        [tenantId, id],
      );
      if (!current) notFound(USERS);
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
        if (verdict === "hold") return { row: current, before, after: before, changes: [], held: true };
      }
      const now = new Date();
      yield* updateRow(ctx, USERS, id, doc, [
        [`"pinHash"`, pinHash],
        [`"updatedAt"`, now],
        [`version`, current.version + 1],
      ]);
      if (!sameEmails(before, doc)) yield* writeEmails(tenantId, id, doc, true);
      const row: Row = { ...current, doc, version: current.version + 1, updatedAt: now };
      const changes = [...masked(diffDocs(before, doc)), ...secretChanges(secrets)];
      yield* userEvent(ctx, USERS, row, before, doc, changes, yield* groupIdsOf(ctx, id));
      return { row, before, after: doc, changes, held: false };
    })
    .catch(uniqueness(USERS));
}

/** The answer to PUT and PATCH: the user (as it still is, while a change is held), and what changed. */
async function updated(
  ctx: ScimContext,
  id: string,
  result: Updated,
  projection: Projection,
): Promise<Outcome> {
  const [resource] = await present(ctx, USERS, [result.row], projection);
  return {
    ...scimResponse(200, resource, { ETag: etag(result.row.version) }),
    resourceType: "User",
    resourceId: id,
    changes: result.changes,
    ...(result.held ? { note: HELD_NOTE } : {}),
  };
}

async function replace(
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
  const result = await update(
    ctx,
    id,
    ifMatch,
    hashed,
    (current) => ({ doc: keepActive(current), secrets }),
    "PUT",
  );
  return updated(ctx, id, result, projection);
}

async function patch(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | null,
  projection: Projection | null,
): Promise<Outcome> {
  const ops = parsePatchRequest(body);
  const type = ctx.types.user;
  const hashed = await hashSecrets(ctx, patchSecrets(type, ops));
  const result = await update(ctx, id, ifMatch, hashed, (doc) => applyPatch(type, id, doc, ops), "PATCH");
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
  // Entra's SCIM Validator reads the user back from the PATCH answer.
  return updated(ctx, id, result, projection ?? { attributes: null, excluded: [] });
}

async function remove(ctx: ScimContext, id: string, ifMatch: string | null): Promise<Outcome> {
  const { tenantId } = ctx;
  const result = await ctx.sql.tx(function* () {
    yield* ctx.roles.hold(ctx, "user");
    const current = yield* get<Row>(
      `SELECT ${ROW_COLUMNS} FROM "ScimUser" r WHERE r."tenantId" = ? AND r.id = ?`,
      [tenantId, id],
    );
    if (!current) notFound(USERS);
    checkIfMatch(ifMatch, current.version);
    const verdict = yield* guardDeprovision(ctx, id, {
      kind: "delete",
      method: "DELETE",
      doc: null,
      version: current.version,
    });
    if (verdict === "hold") return null;
    const doc = parseDoc(current.doc);
    yield* userEvent(ctx, USERS, current, doc, null, [], yield* groupIdsOf(ctx, id));
    yield* run(`DELETE FROM "ScimUserEmail" WHERE "tenantId" = ? AND "userId" = ?`, [tenantId, id]);
    yield* run(`DELETE FROM "ScimUser" WHERE "tenantId" = ? AND id = ?`, [tenantId, id]);
    return doc;
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

export const userHandler: ResourceHandler = {
  create,
  get: (ctx, id, projection, ifNoneMatch) => getResource(ctx, USERS, id, projection, ifNoneMatch),
  list: (ctx, params) => listResources(ctx, USERS, params),
  replace,
  patch,
  delete: remove,
};

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
  const result = await update(ctx, id, ifMatch, hashed, () => ({ doc: held.doc, secrets }), "PATCH");
  return {
    status: 204,
    headers: {},
    body: undefined,
    resourceType: "User",
    resourceId: id,
    changes: result.changes,
  };
}
