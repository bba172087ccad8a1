/**
 * The SCIM request bodies the integration suites send again and again: a user, a group, a PATCH
 * with its operations, a Bulk or search request. The PATCH operations are written lower-case, as
 * RFC 7644 writes them. What a real client sends (Entra's "Replace" and "False", Okta's or
 * OneLogin's documents, the vendors' conformance suites) stays literal in its suite: there the
 * document itself is what is tested.
 */
import { expect } from "vitest";
import { BULK_REQUEST, GROUP, PATCH_OP, SEARCH, USER, type Json, type Reply } from "./scim-client";

/** A User with these attributes, declaring the core schema and the extension schemas named. */
export function userBody(attributes: Json, ...extensions: string[]): Json {
  return { schemas: [USER, ...extensions], ...attributes };
}

/** `[{ value: id }, …]`: members (or any multi-valued reference) by id. */
export function valueList(ids: readonly unknown[]): { value: unknown }[] {
  return ids.map((value) => ({ value }));
}

/** A Group named `displayName`, with these members when given (no `members` at all otherwise). */
export function groupBody(displayName: string, members?: readonly unknown[], extra: Json = {}): Json {
  return { schemas: [GROUP], displayName, ...(members ? { members: valueList(members) } : {}), ...extra };
}

/** A PatchOp request carrying these operations. */
export function patchOp(...operations: unknown[]): Json {
  return { schemas: [PATCH_OP], Operations: operations };
}

export function replaceOp(path: string, value: unknown): Json {
  return { op: "replace", path, value };
}

export function addOp(path: string, value: unknown): Json {
  return { op: "add", path, value };
}

/** A remove of `path`, of these values when given. */
export function removeOp(path: string, value?: unknown): Json {
  return value === undefined ? { op: "remove", path } : { op: "remove", path, value };
}

/** Disables (false) or enables (true) a user. */
export function replaceActive(active: boolean): Json {
  return replaceOp("active", active);
}

export function addMembers(...ids: unknown[]): Json {
  return addOp("members", valueList(ids));
}

/** Removes members by value, in the `members` path with a value list. */
export function removeMembers(...ids: unknown[]): Json {
  return removeOp("members", valueList(ids));
}

/** Removes one member by a value filter in the path: `members[value eq "…"]`. */
export function removeMember(id: unknown): Json {
  return removeOp(`members[value eq "${String(id)}"]`);
}

/** A BulkRequest with these operations (and failOnErrors or the like in `extra`). */
export function bulkBody(operations: unknown[], extra: Json = {}): Json {
  return { schemas: [BULK_REQUEST], ...extra, Operations: operations };
}

/** A SearchRequest (POST …/.search) with these parameters. */
export function searchBody(parameters: Json): Json {
  return { schemas: [SEARCH], ...parameters };
}

/** A 201 Created with a string id, which it returns. */
export function createdId(r: Reply): string {
  expect(r.status, r.text).toBe(201);
  if (typeof r.body.id !== "string") throw new Error(`no id in ${r.text}`);
  return r.body.id;
}
