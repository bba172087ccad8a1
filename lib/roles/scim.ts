/**
 * Roles for the SCIM core (its RoleService, given by lib/provisioning/scim-endpoint.ts): a user's
 * roles for the events of its changes, and the role changes of a group's change. A change of a group
 * no mapping names costs one indexed look-up in the tenant's few mappings, and nothing else here.
 */
import { fold } from "@/lib/db/fold";
import { all, type Work } from "@/lib/db/sql";
import { eventsEnabled } from "@/lib/events/outbox";
import type { GroupNames, GroupWatch, RoleService, ScimContext } from "@/lib/scim/resources/types";
import { mappingsOf, roleChanges, withGroupNamed } from "./diff";
import { resolveRoles } from "./resolve";
import { groupMapped, loadWorld, lockRoles } from "./store";

function* watchGroup(ctx: ScimContext, groupId: string, names: GroupNames): Work<GroupWatch | null> {
  // Roles are read live everywhere; what a change of them needs is its events.
  if (!eventsEnabled()) return null;
  const given = [names.before, names.after].filter((n): n is string => n !== null);
  if (!(yield* groupMapped(ctx.tenantId, groupId, given))) return null;
  // Taken before the change's first write, so the transactions that wait for it start theirs, and
  // are numbered (lib/events/sequencer.ts), after it.
  yield* lockRoles(ctx.sql.dialect, "memberships", "exclusive", ctx.tenantId);
  const world = yield* loadWorld(ctx.tenantId);
  const group = { id: groupId, displayName: names.after ?? names.before ?? "", externalId: null };
  const before = withGroupNamed(world, group, names.before === null ? null : fold(names.before));
  const after = withGroupNamed(world, group, names.after === null ? null : fold(names.after));
  return {
    *changes({ added, removed }) {
      const joined = new Set(added);
      const left = new Set(removed);
      let users = [...added, ...removed];
      if (mappingsOf(before, groupId) !== mappingsOf(after, groupId)) {
        // Renamed into or out of a mapping's name: every member's roles may move.
        const rows = yield* all<{ memberId: string }>(
          `SELECT "memberId" FROM "ScimGroupMember" WHERE "tenantId" = ? AND "groupId" = ?`,
          [ctx.tenantId, groupId],
        );
        users = [...new Set([...rows.map((r) => r.memberId), ...removed])];
      }
      const exists = names.after !== null;
      return yield* roleChanges(ctx.tenantId, users, before, after, {
        groupId,
        before: (userId) => !joined.has(userId),
        after: (userId) => exists && !left.has(userId),
      });
    },
  };
}

export const scimRoles: RoleService = {
  *hold(ctx, writer) {
    yield* lockRoles(
      ctx.sql.dialect,
      writer === "user" ? ["config", "memberships"] : "config",
      "shared",
      ctx.tenantId,
    );
  },
  *rolesOf(ctx, userId) {
    const world = yield* loadWorld(ctx.tenantId, userId);
    return resolveRoles(world, world.memberOf).roles;
  },
  watchGroup,
};
