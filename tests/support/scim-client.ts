/**
 * A small SCIM 2.0 client for the integration tests: the schema URNs, a bearer-token `call` against a
 * tenant's SCIM base URL, narrowing helpers for untyped JSON, and the shared assertions.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";

export type Json = Record<string, unknown>;
export type Reply = { status: number; headers: Headers; body: Json; text: string };
export type Tenant = { tenantUrl: string; token: string };

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const UNIFLOW = "urn:ietf:params:scim:schemas:extension:uniFLOWOnline:2.0:User";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
export const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
export const SCIM_JSON = /^application\/scim\+json\s*(;.*)?$/;

export function isJson(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Json {
  if (!isJson(v)) throw new Error(`expected a JSON object, got ${JSON.stringify(v)}`);
  return v;
}

export function arr(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new Error(`expected an array, got ${JSON.stringify(v)}`);
  return v;
}

/** A response body as a JSON object: {} when empty, { json } for a non-object, { unparsed } for non-JSON. */
export function parse(text: string): Json {
  if (text === "") return {};
  try {
    const v: unknown = JSON.parse(text);
    return isJson(v) ? v : { json: v };
  } catch {
    return { unparsed: text };
  }
}

/**
 * One SCIM request with the tenant's bearer token. `path` is relative to the tenant URL unless it is
 * absolute; a string body is sent as is (for malformed JSON), anything else as JSON.
 */
export async function call(
  tenant: Tenant,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(path.startsWith("http") ? path : `${tenant.tenantUrl}${path}`, {
    method,
    redirect: "manual",
    headers: {
      Authorization: `Bearer ${tenant.token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: parse(text), text };
}

/** The Resources of a ListResponse ([] when absent). */
export function resources(r: Reply): Json[] {
  return arr(r.body.Resources ?? []).map((v) => obj(v));
}

/**
 * A SCIM Error reply: the status (or one of several allowed statuses), a SCIM JSON content type, the
 * Error schema, the status repeated as a string in the body and, when given, the scimType.
 */
export function expectError(r: Reply, status: number | number[], scimType?: string): void {
  if (Array.isArray(status)) expect(status).toContain(r.status);
  else expect(r.status).toBe(status);
  expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
  expect(r.body.schemas).toContain(ERROR);
  expect(r.body.status).toBe(String(r.status));
  if (scimType) expect(r.body.scimType).toBe(scimType);
}

/** Eight random hex digits, to make names unique. */
export const hex = (): string => randomBytes(4).toString("hex");
/** A `filter=` query parameter. */
export const q = (filter: string): string => `filter=${encodeURIComponent(filter)}`;
export const sorted = (ids: string[]): string[] => [...ids].sort();
/** A resource's meta.version (its ETag). */
export const version = (r: Json): unknown => obj(r.meta).version;

/** The `value`s of a multi-valued attribute, sorted; duplicates are kept to check "exactly once". */
const values = (list: unknown): string[] =>
  arr(list ?? [])
    .map((v) => String(obj(v).value))
    .sort();
export const memberIds = (g: Json): string[] => values(g.members);
export const groupIds = (u: Json): string[] => values(u.groups);
