/** Path parameters and checks shared by the directory and management routes. */
import { z } from "zod";
import type { ApiPrincipal } from "@/lib/api-keys/service";
import type { Actor } from "@/lib/audit/service";
import { resourceExists, tenantExists } from "@/lib/directory/api-users";
import { ApiError } from "../problem";

/** Ids are Rollcall's own (UUIDs): letters, digits and - . _ ~, at most 100. */
export const ID_PATTERN = /^[A-Za-z0-9._~-]{1,100}$/;

export const id = (what: string) => z.string().regex(ID_PATTERN, "is not an id").describe(`The ${what}'s id`);

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
