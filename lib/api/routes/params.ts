/** Path parameters and checks shared by the directory and management routes. */
import { z } from "zod";
import type { ApiPrincipal } from "@/lib/api-keys/service";
import type { Actor } from "@/lib/audit/service";
import { resourceExists, tenantExists } from "@/lib/directory/api-users";
import { cursorParam, limitParam, pageOf } from "../paging";
import { ApiError } from "../problem";

/** Ids are Rollcall's own (UUIDs): letters, digits and - . _ ~, at most 100. */
export const ID_PATTERN = /^[A-Za-z0-9._~-]{1,100}$/;

export const id = (what: string) => z.string().regex(ID_PATTERN, "is not an id").describe(`The ${what}'s id`);

/** `cursor` and `limit` of a list in id order. */
export const idPageQuery = z.strictObject({
  cursor: cursorParam(1, ([k]) => ID_PATTERN.test(k!)),
  limit: limitParam(),
});

/**
 * A page of a list in id order: `read` gives up to `limit` rows after an id (one more than the
 * page, which tells whether there is a next one).
 */
export async function pageById<T>(
  query: z.output<typeof idPageQuery>,
  read: (after: string | undefined, limit: number) => Promise<T[]>,
  idOf: (row: T) => string,
): Promise<{ data: T[]; next: string | null }> {
  const page = pageOf(await read(query.cursor?.[0], query.limit + 1), query.limit, (row) => [idOf(row)]);
  return { data: [...page.rows], next: page.next };
}

export const tenantParams = z.strictObject({ tenantId: id("tenant") });
export const userParams = z.strictObject({ tenantId: id("tenant"), userId: id("user") });
export const groupParams = z.strictObject({ tenantId: id("tenant"), groupId: id("group") });

export async function requireTenant(tenantId: string): Promise<void> {
  if (!(await tenantExists(tenantId))) throw new ApiError("not-found", "No tenant has this id");
}

export async function requireResource(
  kind: "user" | "group",
  tenantId: string,
  resourceId: string,
): Promise<void> {
  await requireTenant(tenantId);
  const table = kind === "user" ? "ScimUser" : "ScimGroup";
  if (!(await resourceExists(table, tenantId, resourceId))) {
    throw new ApiError("not-found", `This tenant has no ${kind} with this id`);
  }
}

/** Who a change made through the API is recorded as (the audit log): the key, by name. */
export function actorOf(key: ApiPrincipal | null): Actor {
  return { adminId: null, label: `API key ${key?.name ?? ""}`.trim() };
}
