/**
 * The Groups endpoint. A group's members are rows of ScimGroupMember, so:
 *   add k members     k idempotent inserts (INSERT … ON CONFLICT DO NOTHING) + one existence check
 *   remove k members  one DELETE … IN (k ids)
 *   remove all        one DELETE of the group's rows;  replace = remove all + add
 *   read              members fetched in pages of 5,000 only when the projection returns them
 * Every change first bumps the group's version with one UPDATE, which also serialises concurrent
 * changes of one group, so none is lost and the last one wins.
 */
import { fold } from "@/lib/db/fold";
import { newId } from "@/lib/ids";
import { all, get, run, UniqueViolation, type Work } from "@/lib/db/sql";
import { diffDocs } from "../diff";
import { isObject, normaliseResource, serialise, type Json, type JsonObject } from "../document";
import { ScimError } from "../errors";
import { parsePatchPath, type Filter } from "../filter";
import { scimResponse } from "../http";
import { applyPatch, parsePatchRequest, type PatchOp } from "../patch";
import { project, type Projection } from "../projection";
import { sideTableCondition, type StorageMap } from "../query";
import { resolvePath } from "../schema/registry";
import { GROUP_RESOURCE } from "../schema/resource-types";
import { GROUP_SCHEMA } from "../schema/group";
import { LIST_RESPONSE_SCHEMA } from "../schemas";
import {
  checkIfMatch,
  chunks,
  etag,
  ifNoneMatches,
  listRows,
  parseDoc,
  toIso,
  wants,
  type Row,
} from "./common";
import type { Change, ListParams, Outcome, ScimContext } from "./types";

export const GROUP_STORAGE: StorageMap = {
  table: "ScimGroup",
  columns: {
    id: { column: "id", kind: "text" },
    displayName: { column: "displayNameLower", kind: "lower" },
    externalId: { column: "externalId", kind: "text" },
    "meta.created": { column: "createdAt", kind: "time" },
    "meta.lastModified": { column: "updatedAt", kind: "time" },
  },
  sideTables: {
    members: {
      table: "ScimGroupMember",
      fk: "groupId",
      columns: { value: { column: "memberId", kind: "text" } },
    },
  },
};

const COLUMNS = `r.id, r.doc, r.version, r."createdAt", r."updatedAt"`;
const MEMBER_PAGE = 5000;
const ID_CHUNK = 500;
const LOGGED_MEMBER_CHANGES = 100;

function notFound(): never {
  throw new ScimError(404, "Group not found");
}

function uniqueness(error: unknown): never {
  if (error instanceof UniqueViolation) {
    throw new ScimError(409, "A group with this displayName already exists in this tenant", "uniqueness");
  }
  throw error;
}

/** Member ids from a members value: [{value, type?}, …]; only users can be members. */
function memberIds(value: Json | undefined): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const m of list) {
    if (!isObject(m) || typeof m.value !== "string" || m.value === "") {
      throw new ScimError(400, 'Each member needs a "value": the id of a user', "invalidValue");
    }
    if (typeof m.type === "string" && m.type.toLowerCase() !== "user") {
      throw new ScimError(
        400,
        `Only users can be members (groups do not nest): got type "${m.type}"`,
        "invalidValue",
      );
    }
    ids.push(m.value);
  }
  return [...new Set(ids)];
}

function toResource(ctx: ScimContext, row: Row, members: Json[] | null): JsonObject {
  const { externalId, ...rest } = parseDoc(row.doc);
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(externalId !== undefined ? { externalId } : {}),
    ...rest,
    ...(members ? { members } : {}),
    meta: {
      resourceType: "Group",
      created: toIso(row.createdAt),
      lastModified: toIso(row.updatedAt),
      location: `${ctx.baseUrl}/Groups/${row.id}`,
      version: etag(row.version),
    },
  };
}

/** The members of the given groups, each read in keyset pages along the primary key. */
async function membersOf(ctx: ScimContext, groupIds: string[]): Promise<Map<string, Json[]>> {
  const out = new Map<string, Json[]>();
  for (const groupId of groupIds) {
    const members: Json[] = [];
    let after = "";
    for (;;) {
      const rows = await ctx.sql.all<{ memberId: string; displayName: string | null }>(
        `SELECT m."memberId", u."displayName" FROM "ScimGroupMember" m
           JOIN "ScimUser" u ON u."tenantId" = m."tenantId" AND u.id = m."memberId"
          WHERE m."tenantId" = ? AND m."groupId" = ? AND m."memberId" > ?
          ORDER BY m."memberId" LIMIT ?`,
        [ctx.tenantId, groupId, after, MEMBER_PAGE],
      );
      for (const r of rows) {
        members.push({
          value: r.memberId,
          $ref: `${ctx.baseUrl}/Users/${r.memberId}`,
          ...(r.displayName !== null ? { display: r.displayName } : {}),
          type: "User",
        });
      }
      if (rows.length < MEMBER_PAGE) break;
      after = rows[rows.length - 1]!.memberId;
    }
    out.set(groupId, members);
  }
  return out;
}

async function resources(ctx: ScimContext, rows: Row[], projection: Projection): Promise<JsonObject[]> {
  // Entra reads groups with excludedAttributes=members: then the membership table is not touched.
  const members =
    wants(GROUP_RESOURCE, projection, "members") && rows.length > 0
      ? await membersOf(
          ctx,
          rows.map((r) => r.id),
        )
      : null;
  return rows.map((row) =>
    project(GROUP_RESOURCE, toResource(ctx, row, members?.get(row.id) ?? null), projection),
  );
}

/** Checks that every id is a user of this tenant; refuses the request naming the ones that are not. */
function* requireUsers(tenantId: string, ids: string[]): Work<void> {
  for (const part of chunks(ids, ID_CHUNK)) {
    const found = yield* all<{ id: string }>(
      `SELECT id FROM "ScimUser" WHERE "tenantId" = ? AND id IN (${part.map(() => "?").join(", ")})`,
      [tenantId, ...part],
    );
    if (found.length !== part.length) {
      const known = new Set(found.map((r) => r.id));
      const unknown = part.filter((id) => !known.has(id));
      const shown = unknown.slice(0, 5).join(", ") + (unknown.length > 5 ? ", …" : "");
      throw new ScimError(400, `Not a user of this tenant: ${shown}`, "invalidValue");
    }
  }
}

function* addMembers(tenantId: string, groupId: string, ids: string[], at: Date): Work<void> {
  yield* requireUsers(tenantId, ids);
  for (const part of chunks(ids, ID_CHUNK)) {
    yield* run(
      `INSERT INTO "ScimGroupMember" ("tenantId", "groupId", "memberId", "addedAt") VALUES ${part.map(() => "(?, ?, ?, ?)").join(", ")}
       ON CONFLICT DO NOTHING`,
      part.flatMap((id) => [tenantId, groupId, id, at]),
    );
  }
}

function* removeMembers(tenantId: string, groupId: string, ids: string[] | null): Work<void> {
  if (ids === null) {
    yield* run(`DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ?`, [tenantId, groupId]);
    return;
  }
  for (const part of chunks(ids, ID_CHUNK)) {
    yield* run(
      `DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ? AND "memberId" IN (${part.map(() => "?").join(", ")})`,
      [tenantId, groupId, ...part],
    );
  }
}

function memberChanges(added: string[], removed: string[] | "all"): Change[] {
  const changes: Change[] = [
    ...added.map((id) => ({ path: "members", after: id })),
    ...(removed === "all"
      ? [{ path: "members", before: "(all)" }]
      : removed.map((id) => ({ path: "members", before: id }))),
  ];
  if (changes.length <= LOGGED_MEMBER_CHANGES) return changes;
  return [
    ...changes.slice(0, LOGGED_MEMBER_CHANGES),
    { path: "members", after: `… and ${changes.length - LOGGED_MEMBER_CHANGES} more` },
  ];
}

/** Splits a group body into its document (without members) and its member ids. */
function normaliseGroup(body: unknown): { doc: JsonObject; members: string[] } {
  const { doc } = normaliseResource(GROUP_RESOURCE, body);
  const { members, ...rest } = doc;
  return { doc: rest, members: memberIds(members) };
}

export async function createGroup(ctx: ScimContext, body: unknown, projection: Projection): Promise<Outcome> {
  const { doc, members } = normaliseGroup(body);
  const id = newId();
  const now = new Date();
  const displayName = String(doc.displayName);
  const tenantId = ctx.tenantId;
  await ctx.sql
    .tx(function* () {
      yield* run(
        `INSERT INTO "ScimGroup" ("tenantId", id, "idpId", "displayName", "displayNameLower", "externalId", doc, version, "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        [
          tenantId,
          id,
          ctx.idpId,
          displayName,
          fold(displayName),
          typeof doc.externalId === "string" ? doc.externalId : null,
          serialise(doc, "Group"),
          now,
          now,
        ],
      );
      yield* addMembers(tenantId, id, members, now);
    })
    .catch(uniqueness);
  const row: Row = { id, doc, version: 1, createdAt: now, updatedAt: now };
  const [resource] = await resources(ctx, [row], projection);
  return {
    ...scimResponse(201, resource, { ETag: etag(1), Location: `${ctx.baseUrl}/Groups/${id}` }),
    resourceType: "Group",
    resourceId: id,
    changes: [...diffDocs(null, doc), ...memberChanges(members, [])],
  };
}

export async function getGroup(
  ctx: ScimContext,
  id: string,
  projection: Projection,
  ifNoneMatch: string | null,
): Promise<Outcome> {
  const row = await ctx.sql.get<Row>(
    `SELECT ${COLUMNS} FROM "ScimGroup" r WHERE r."tenantId" = ? AND r.id = ?`,
    [ctx.tenantId, id],
  );
  if (!row) notFound();
  if (ifNoneMatches(ifNoneMatch, row.version)) {
    return {
      status: 304,
      headers: { ETag: etag(row.version) },
      body: undefined,
      resourceType: "Group",
      resourceId: id,
    };
  }
  const [resource] = await resources(ctx, [row], projection);
  return {
    ...scimResponse(200, resource, { ETag: etag(row.version) }),
    resourceType: "Group",
    resourceId: id,
  };
}

export async function listGroups(ctx: ScimContext, params: ListParams): Promise<Outcome> {
  const page = await listRows<Row>(ctx, params, GROUP_RESOURCE, GROUP_STORAGE, COLUMNS);
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
    resourceType: "Group",
  };
}

type MemberOp =
  | { kind: "add"; ids: string[] }
  | { kind: "remove"; ids: string[] }
  | { kind: "removeAll" }
  | { kind: "removeWhere"; filter: Filter }
  | { kind: "replace"; ids: string[] };

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

/** One unit of work for PUT and PATCH: bump the version (locking the group), then apply. */
async function changeGroup(
  ctx: ScimContext,
  id: string,
  ifMatch: string | null,
  docChange: ((doc: JsonObject) => JsonObject) | null,
  memberOps: MemberOp[],
): Promise<Changed> {
  const { tenantId } = ctx;
  const dialect = ctx.sql.dialect;
  return ctx.sql
    .tx(function* () {
      const now = new Date();
      const bumped = yield* get<Row>(
        `UPDATE "ScimGroup" SET version = version + 1, "updatedAt" = ? WHERE "tenantId" = ? AND id = ?
         RETURNING id, doc, version, "createdAt", "updatedAt"`,
        [now, tenantId, id],
      );
      if (!bumped) notFound();
      checkIfMatch(ifMatch, bumped.version - 1);
      const before = parseDoc(bumped.doc);
      let after = before;
      if (docChange) {
        after = docChange(before);
        const displayName = String(after.displayName);
        yield* run(
          `UPDATE "ScimGroup" SET "displayName" = ?, "displayNameLower" = ?, "externalId" = ?, doc = ? WHERE "tenantId" = ? AND id = ?`,
          [
            displayName,
            fold(displayName),
            typeof after.externalId === "string" ? after.externalId : null,
            serialise(after, "Group"),
            tenantId,
            id,
          ],
        );
      }
      const changes: Change[] = [];
      for (const op of memberOps) {
        switch (op.kind) {
          case "add":
            yield* addMembers(tenantId, id, op.ids, now);
            changes.push(...memberChanges(op.ids, []));
            break;
          case "remove":
            yield* removeMembers(tenantId, id, op.ids);
            changes.push(...memberChanges([], op.ids));
            break;
          case "removeAll":
            yield* removeMembers(tenantId, id, null);
            changes.push(...memberChanges([], "all"));
            break;
          case "replace":
            yield* removeMembers(tenantId, id, null);
            yield* addMembers(tenantId, id, op.ids, now);
            changes.push(...memberChanges(op.ids, "all"));
            break;
          case "removeWhere": {
            const condition = sideTableCondition(
              op.filter,
              GROUP_RESOURCE,
              GROUP_STORAGE,
              "members",
              dialect,
              "st",
            );
            yield* run(
              `DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ? AND "memberId" IN (
                 SELECT st."memberId" FROM "ScimGroupMember" st WHERE st."tenantId" = ? AND st."groupId" = ? AND ${condition.text})`,
              [tenantId, id, tenantId, id, ...condition.params],
            );
            changes.push({ path: "members", before: `members matching the filter` });
            break;
          }
        }
      }
      return { row: { ...bumped, doc: after }, before, after, changes };
    })
    .catch(uniqueness);
}

async function answer(
  ctx: ScimContext,
  result: Changed,
  projection: Projection,
  status: number,
): Promise<Outcome> {
  const changes = [...diffDocs(result.before, result.after), ...result.changes];
  const base = { resourceType: "Group", resourceId: result.row.id, changes };
  if (status === 204)
    return { status: 204, headers: { ETag: etag(result.row.version) }, body: undefined, ...base };
  const [resource] = await resources(ctx, [result.row], projection);
  return { ...scimResponse(200, resource, { ETag: etag(result.row.version) }), ...base };
}

export async function replaceGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | null,
  projection: Projection,
): Promise<Outcome> {
  const { doc, members } = normaliseGroup(body);
  const result = await changeGroup(ctx, id, ifMatch, () => doc, [{ kind: "replace", ids: members }]);
  return answer(ctx, result, projection, 200);
}

export async function patchGroup(
  ctx: ScimContext,
  id: string,
  body: unknown,
  ifMatch: string | null,
  projection: Projection | null,
): Promise<Outcome> {
  const { docOps, memberOps } = splitOps(parsePatchRequest(body));
  const docChange =
    docOps.length > 0 ? (doc: JsonObject) => applyPatch(GROUP_RESOURCE, id, doc, docOps).doc : null;
  const result = await changeGroup(ctx, id, ifMatch, docChange, memberOps);
  // Entra expects 204; a client that asks for attributes gets the group.
  return answer(ctx, result, projection ?? { attributes: null, excluded: [] }, projection ? 200 : 204);
}

export async function deleteGroup(ctx: ScimContext, id: string, ifMatch: string | null): Promise<Outcome> {
  const { tenantId } = ctx;
  const before = await ctx.sql.tx(function* () {
    const current = yield* get<Row>(
      `SELECT ${COLUMNS} FROM "ScimGroup" r WHERE r."tenantId" = ? AND r.id = ?`,
      [tenantId, id],
    );
    if (!current) notFound();
    checkIfMatch(ifMatch, current.version);
    yield* run(`DELETE FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ?`, [tenantId, id]);
    yield* run(`DELETE FROM "ScimGroup" WHERE "tenantId" = ? AND id = ?`, [tenantId, id]);
    return parseDoc(current.doc);
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
