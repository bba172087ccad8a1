/**
 * Whose roles a change moved, and from what to what: users' roles resolved under the configuration
 * before and after (./resolve.ts), from their memberships in the groups either one maps — one query
 * per 500 users, inside the change's transaction.
 */
import type { Work } from "@/lib/db/sql";
import type { RoleChange } from "@/lib/scim/resources/types";
import { mappedGroupIds, resolveRoles, sameRoles, type MatchedGroup, type RoleWorld } from "./resolve";
import { membershipsIn, USER_BATCH } from "./store";

/**
 * One group whose own membership the change moved (SCIM changed its members, or deleted it): its
 * membership before and after is given, not read, since the transaction already changed it.
 */
export type GroupMembership = {
  groupId: string;
  before(userId: string): boolean;
  after(userId: string): boolean;
};

/** The users among `userIds` whose roles differ between `before` and `after`. */
export function* roleChanges(
  tenantId: string,
  userIds: readonly string[],
  before: RoleWorld,
  after: RoleWorld,
  moved?: GroupMembership,
): Work<RoleChange[]> {
  const candidates = mappedGroupIds(before, after).filter((id) => id !== moved?.groupId);
  const out: RoleChange[] = [];
  for (let i = 0; i < userIds.length; i += USER_BATCH) {
    const part = userIds.slice(i, i + USER_BATCH);
    const groups = yield* membershipsIn(tenantId, part, candidates);
    for (const userId of part) {
      const others = groups.get(userId) ?? new Set<string>();
      const plus = (member: boolean | undefined) =>
        moved && member ? new Set([...others, moved.groupId]) : others;
      const was = resolveRoles(before, plus(moved?.before(userId))).roles;
      const is = resolveRoles(after, plus(moved?.after(userId))).roles;
      if (!sameRoles(was, is)) out.push({ userId, before: was, after: is });
    }
  }
  return out;
}

/**
 * The configuration with one group re-matched as it would be under `name` (null: the group does not
 * exist): its id mappings match it while it exists, a name mapping while it has that name.
 */
export function withGroupNamed(world: RoleWorld, group: MatchedGroup, nameLower: string | null): RoleWorld {
  return {
    ...world,
    mappings: world.mappings.map((m) => {
      const matches =
        nameLower !== null &&
        (m.target.kind === "group" ? m.target.groupId === group.id : m.target.nameLower === nameLower);
      if (matches) return { ...m, group };
      return m.group?.id === group.id ? { ...m, group: null } : m;
    }),
  };
}

/** The mapping ids a configuration matches the group with (to tell whether a rename matters). */
export function mappingsOf(world: RoleWorld, groupId: string): string {
  return world.mappings
    .filter((m) => m.group?.id === groupId)
    .map((m) => m.id)
    .join(",");
}
