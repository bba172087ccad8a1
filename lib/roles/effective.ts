/**
 * A user's effective roles, read live: for the ID token's `roles` claim at sign-in (with the
 * identity provider's groups claim), the user's page in the portal, and the directory API's users.
 * One query for a user; for a page of users, one for the configuration and one per 500 users.
 */
import { db } from "@/lib/db";
import { readWork } from "@/lib/db/sql";
import { mappedGroupIds, resolveRoles, type Resolution } from "./resolve";
import { loadWorld, membershipsIn } from "./store";

export type { Grant, Resolution as EffectiveRoles } from "./resolve";

/**
 * The roles of one user of `tenantId`: `roles` in precedence order, `role` the primary one, and
 * `grants` — why (a group, a value of the groups claim, or the default role). `claimGroups` are the
 * values of the identity provider's groups claim when the user signs in (names or object ids); a
 * user unknown to the tenant has only what the claim and the default role give.
 */
export async function effectiveRoles(
  tenantId: string,
  userId: string,
  claimGroups: readonly string[] = [],
): Promise<Resolution> {
  const { sql } = await db();
  const world = await readWork(sql, loadWorld(tenantId, userId));
  return resolveRoles(world, world.memberOf, claimGroups);
}

/** The roles of each of these users of one tenant (role keys in precedence order). */
export async function rolesOfUsers(
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  const { sql } = await db();
  const world = await readWork(sql, loadWorld(tenantId));
  const groups = mappedGroupIds(world);
  const memberships =
    groups.length > 0 ? await readWork(sql, membershipsIn(tenantId, userIds, groups)) : null;
  const none = new Set<string>();
  return new Map(userIds.map((id) => [id, resolveRoles(world, memberships?.get(id) ?? none).roles]));
}
