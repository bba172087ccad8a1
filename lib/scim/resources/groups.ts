/**
 * The Groups endpoint over the ScimGroup table (displayName, externalId and the document without
 * members) and the membership rows (./members.ts). Every change first bumps the group's version
 * with one UPDATE, which also serialises concurrent changes of one group: none is lost, the last
 * one wins. PATCH answers 204, as Entra expects, unless the client asks for attributes.
 */
import { fold } from "@/lib/db/fold";
import { all, get, run, type Work } from "@/lib/db/sql";
import { newId } from "@/lib/ids";
import { diffDocs } from "../diff";
import { isObject, normaliseResource, serialise, type Json, type JsonObject } from "../document";
import { ScimError } from "../errors";
import { parsePatchPath } from "../filter";
import { scimResponse } from "../http";
import { applyPatch, parsePatchRequest, type PatchOp } from "../patch";
import type { Projection } from "../projection";
import { resolvePath } from "../schema/registry";
import { GROUP_RESOURCE } from "../schema/resource-types";
import { groupEvents } from "./events";
import { applyMemberOps, memberChanges, memberIds, membersOf, type MemberOp } from "./members";
import { recordRoleChanges } from "./role-events";
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
import type { Change, GroupWatch, Outcome, ResourceHandler, ScimContext } from "./types";

export const GROUPS: Kind = {
  name: "Group",
  type: () => GROUP_RESOURCE,
  duplicate: "A group with this displayName already exists in this tenant",
  storage: {
    table: "ScimGroup",
    columns: {
      id: { column: "id", kind: "text" },
      displayName: { column: "displayNameLower", kind: "lower" },
      externalId: { column: "externalId", kind: "text" },
      "meta.created": { column: "createdAt", kind: "time" },
      "meta.lastModified": { column: "updatedAt", kind: "time" },
    },
    derived: [
      { column: "displayName", value: (doc) => String(doc.displayName) },
      { column: "displayNameLower", value: (doc) => fold(String(doc.displayName)) },
      { column: "externalId", value: (doc) => (typeof doc.externalId === "string" ? doc.externalId : null) },
      { column: "doc", value: (doc) => serialise(doc, "Group") },
    ],
    sideTables: {
      members: {
        table: "ScimGroupMember",
        fk: "groupId",
        columns: { value: { column: "memberId", kind: "text" } },
      },
    },
  },
  // Entra reads groups with excludedAttributes=members: then the membership table is not touched.
  related: { attribute: "members", load: membersOf },
};

/** Splits a group body into its document (without members) and its member ids. */
function normaliseGroup(body: unknown): { doc: JsonObject; members: string[] } {
  const { doc } = normaliseResource(GROUP_RESOURCE, body);
  const { members, ...rest } = doc;
  return { doc: rest, members: memberIds(members) };
}

const memberScope = (ctx: ScimContext) => ({
  type: GROUP_RESOURCE,
  storage: GROUPS.storage,
  dialect: ctx.sql.dialect,
});

const nameOf = (doc: JsonObject | null) => (doc === null ? null : String(doc.displayName));

/** The events of members whose roles the change moved, when a mapping names the group (decision 0015). */
function* roleEvents(
  ctx: ScimContext,
  watch: GroupWatch | null,
  members: { added: string[]; removed: string[] },
): Work<void> {
  if (watch === null) return;
  yield* recordRoleChanges(
    { ...ctx, dialect: ctx.sql.dialect },
    yield* watch.changes({ added: members.added, removed: members.removed }),
  );
}

async function create(ctx: ScimContext, body: unknown, projection: Projection): Promise<Outcome> {
  const { doc, members } = normaliseGroup(body);
  const id = newId();
  const now = new Date();
  const row: Row = { id, doc, version: 1, createdAt: now, updatedAt: now };
  await ctx.sql
    .tx(function* () {
      yield* ctx.roles.hold(ctx, "group");
      const watch =
        members.length > 0
          ? yield* ctx.roles.watchGroup(ctx, id, { before: null, after: nameOf(doc) })
          : null;
      yield* insertRow(ctx, GROUPS, id, doc, now);
      const result = yield* applyMemberOps(
        ctx.tenantId,
        id,
        [{ kind: "add", ids: members }],
        now,
        memberScope(ctx),
      );
      yield* groupEvents(ctx, GROUPS, row, null, doc, [], result);
      yield* roleEvents(ctx, watch, result);
    })
    .catch(uniqueness(GROUPS));
  return {
    ...(await created(ctx, GROUPS, row, projection)),
    changes: [...diffDocs(null, doc), ...memberChanges(members, [])],
  };
}

/** Splits PATCH operations into document operations and membership operations, in order. */
function splitOps(ops: PatchOp[]): { docOps: PatchOp[]; memberOps: MemberOp[] } {
  const docOps: PatchOp[] = [];
  const memberOps: MemberOp[] = [];
  for (const op of ops) {
    if (op.path === null) {
      if (isObject(op.value)) {
        const { members, ...rest } = Object.fromEntries(
          Object.entries(op.value).map(([k, v]) => [k.toLowerCase() === "members" ? "members" : k, v]),
        ) as JsonObject;
        if (members !== undefined)
          memberOps.push({ kind: op.op === "replace" ? "replace" : "add", ids: memberIds(members) });
        if (Object.keys(rest).length > 0) docOps.push({ ...op, value: rest });
      } else {
        docOps.push(op);
      }
      continue;
    }
    const parsed = parsePatchPath(op.path);
    const resolved = resolvePath(GROUP_RESOURCE, parsed.path);
    if (resolved?.attribute.name !== "members") {
      docOps.push(op);
      continue;
    }
    if (resolved.sub || parsed.sub)
      throw new ScimError(400, "Member sub-attributes cannot be changed", "mutability");
    if (parsed.filter) {
      if (op.op !== "remove") throw new ScimError(400, "Use add or remove for members", "invalidPath");
      memberOps.push({ kind: "removeWhere", filter: parsed.filter });
      continue;
    }
    if (op.op === "add") memberOps.push({ kind: "add", ids: memberIds(op.value as Json) });
    else if (op.op === "replace") memberOps.push({ kind: "replace", ids: memberIds(op.value as Json) });
    else if (op.value === undefined || op.value === null) memberOps.push({ kind: "removeAll" });
    else memberOps.push({ kind: "remove", ids: memberIds(op.value as Json) });
  }
  return { docOps, memberOps };
}

type Changed = { row: Row; before: JsonObject; after: JsonObject; changes: Change[] };

/** Another change renamed the group between this one's read and its lock: the work is done again. */
class RenamedMeanwhile extends Error {}

/**
 * One unit of work for PUT and PATCH: read the group and decide about roles before writing anything
 * (the roles service's locks must come before the transaction's first write), then bump the version
 * (locking the group) and apply. Should a concurrent rename have come in between, it starts again.
 */
async function change(
  ctx: ScimContext,
  id: string,
  ifMatch: string | null,
  docChange: ((doc: JsonObject) => JsonObject) | null,
  memberOps: MemberOp[],
): Promise<Changed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await changeOnce(ctx, id, ifMatch, docChange, memberOps, attempt < 3);
    } catch (error) {
      if (!(error instanceof RenamedMeanwhile)) throw error;
    }
  }
}

async function changeOnce(
  ctx: ScimContext,
  id: string,
  ifMatch: string | null,
  docChange: ((doc: JsonObject) => JsonObject) | null,
  memberOps: MemberOp[],
  strict: boolean,
): Promise<Changed> {
  return ctx.sql
    .tx(function* (): Work<Changed> {
      yield* ctx.roles.hold(ctx, "group");
      const seen = yield* get<Row>(
        `SELECT ${ROW_COLUMNS} FROM "ScimGroup" r WHERE r."tenantId" = ? AND r.id = ?`,
        [ctx.tenantId, id],
      );
      if (!seen) notFound(GROUPS);
      checkIfMatch(ifMatch, seen.version);
      const seenDoc = parseDoc(seen.doc);
      const names = { before: nameOf(seenDoc), after: nameOf(docChange ? docChange(seenDoc) : seenDoc) };
      const watch =
        memberOps.length > 0 || names.before !== names.after
          ? yield* ctx.roles.watchGroup(ctx, id, names)
          : null;
      const now = new Date();
      const bumped = yield* get<Row>(
        `UPDATE "ScimGroup" SET version = version + 1, "updatedAt" = ? WHERE "tenantId" = ? AND id = ?
         RETURNING id, doc, version, "createdAt", "updatedAt"`,
        [now, ctx.tenantId, id],
      );
      if (!bumped) notFound(GROUPS);
      checkIfMatch(ifMatch, bumped.version - 1);
      const before = parseDoc(bumped.doc);
      const after = docChange ? docChange(before) : before;
      if (strict && (nameOf(before) !== names.before || nameOf(after) !== names.after))
        throw new RenamedMeanwhile();
      if (docChange) yield* updateRow(ctx, GROUPS, id, after);
      const members = yield* applyMemberOps(ctx.tenantId, id, memberOps, now, memberScope(ctx));
      const row = { ...bumped, doc: after };
      yield* groupEvents(ctx, GROUPS, row, before, after, diffDocs(before, after), members);
      yield* roleEvents(ctx, watch, members);
      return { row, before, after, changes: members.changes };
    })
    .catch(uniqueness(GROUPS));
}

async function answer(ctx: ScimContext, result: Changed, projection: Projection | null): Promise<Outcome> {
  const changes = [...diffDocs(result.before, result.after), ...result.changes];
  const base = { resourceType: "Group", resourceId: result.row.id, changes };
  const tag = etag(result.row.version);
  if (projection === null) return { status: 204, headers: { ETag: tag }, body: undefined, ...base };
  const [resource] = await present(ctx, GROUPS, [result.row], projection);
  return { ...scimResponse(200, resource, { ETag: tag }), ...base };
}

async function replace(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | null,
  projection: Projection,
): Promise<Outcome> {
  const { doc, members } = normaliseGroup(body);
  const result = await change(ctx, id, ifMatch, () => doc, [{ kind: "replace", ids: members }]);
  return answer(ctx, result, projection);
}

async function patch(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | null,
  projection: Projection | null,
): Promise<Outcome> {
  const { docOps, memberOps } = splitOps(parsePatchRequest(body));
  const docChange =
    docOps.length > 0 ? (doc: JsonObject) => applyPatch(GROUP_RESOURCE, id, doc, docOps).doc : null;
  // Entra expects 204; a client that asks for attributes gets the group.
  return answer(ctx, await change(ctx, id, ifMatch, docChange, memberOps), projection);
}

async function remove(ctx: ScimContext, id: string, ifMatch: string | null): Promise<Outcome> {
  const { tenantId } = ctx;
  const before = await ctx.sql.tx(function* () {
    yield* ctx.roles.hold(ctx, "group");
    const current = yield* get<Row>(
      `SELECT ${ROW_COLUMNS} FROM "ScimGroup" r WHERE r."tenantId" = ? AND r.id = ?`,
      [tenantId, id],
    );
    if (!current) notFound(GROUPS);
    checkIfMatch(ifMatch, current.version);
    const doc = parseDoc(current.doc);
    // Before the rows go: a mapping by id goes with the group.
    const watch = yield* ctx.roles.watchGroup(ctx, id, { before: nameOf(doc), after: null });
    const members = `DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ?`;
    let removed: string[] = [];
    if (watch === null) yield* run(members, [tenantId, id]);
    else
      removed = (yield* all<{ memberId: string }>(`${members} RETURNING "memberId"`, [tenantId, id])).map(
        (r) => r.memberId,
      );
    yield* run(`DELETE FROM "ScimGroup" WHERE "tenantId" = ? AND id = ?`, [tenantId, id]);
    yield* groupEvents(ctx, GROUPS, current, doc, null, [], { added: [], removed: [] });
    yield* roleEvents(ctx, watch, { added: [], removed });
    return doc;
  });
  return {
    status: 204,
    headers: {},
    body: undefined,
    resourceType: "Group",
    resourceId: id,
    changes: diffDocs(before, null),
  };
}

export const groupHandler: ResourceHandler = {
  create,
  get: (ctx, id, projection, ifNoneMatch) => getResource(ctx, GROUPS, id, projection, ifNoneMatch),
  list: (ctx, params) => listResources(ctx, GROUPS, params),
  replace,
  patch,
  delete: remove,
};
