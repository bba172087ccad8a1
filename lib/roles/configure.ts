/**
 * Every change of a tenant's role configuration — a mapping added, moved or removed, the default
 * role set, a role definition removed — is one transaction that also records `user.updated` for
 * each user whose roles it moved (the outbox rule): the configuration is read before and after the
 * change, and the users it can concern are resolved under both. Those are the members of the groups
 * whose mappings changed (or whose place in the order did), or, when the default role changed,
 * every user of the tenant.
 */
import { scimBaseUrl } from "@/lib/config";
import { tenantExtensions } from "@/lib/custom-attributes/service";
import { db } from "@/lib/db";
import type { Dialect, Work } from "@/lib/db/sql";
import { eventsEnabled } from "@/lib/events/outbox";
import { recordRoleChanges, type RoleEventScope } from "@/lib/scim/resources/role-events";
import { typesWith } from "@/lib/scim/schema/resource-types";
import { roleChanges } from "./diff";
import type { Mapping, RoleWorld } from "./resolve";
import { allUsers, loadWorld, lockRoles, membersOfGroups, renumber } from "./store";

/** The events of a tenant's configuration change (admins' changes carry no identity provider). */
export async function eventScope(tenantId: string, dialect: Dialect): Promise<RoleEventScope> {
  return {
    tenantId,
    idpId: null,
    dialect,
    types: typesWith(await tenantExtensions(tenantId)),
    directoryBaseUrl: scimBaseUrl(),
  };
}

/** The groups whose members a change from `before` to `after` can concern. */
function changedGroups(before: RoleWorld, after: RoleWorld): string[] {
  const shape = (m: Mapping) => `${m.role.key} ${m.group?.id ?? ""}`;
  const kept = new Set(
    after.mappings.map((m) => m.id).filter((id) => before.mappings.some((m) => m.id === id)),
  );
  const ranks = (w: RoleWorld) =>
    new Map(w.mappings.filter((m) => kept.has(m.id)).map((m, i) => [m.id, `${i} ${shape(m)}`]));
  const was = ranks(before);
  const is = ranks(after);
  const groups = new Set<string>();
  for (const m of [...before.mappings, ...after.mappings]) {
    if (m.group && (!kept.has(m.id) || was.get(m.id) !== is.get(m.id))) groups.add(m.group.id);
  }
  return [...groups];
}

/** Within a change's transaction, once it is made: the events of the users whose roles it moved. */
export function* recordConfigurationChange(scope: RoleEventScope, before: RoleWorld): Work<void> {
  if (!eventsEnabled()) return;
  const after = yield* loadWorld(scope.tenantId);
  const users =
    before.defaultRole?.key !== after.defaultRole?.key
      ? yield* allUsers(scope.tenantId)
      : yield* membersOfGroups(scope.tenantId, changedGroups(before, after));
  yield* recordRoleChanges(scope, yield* roleChanges(scope.tenantId, users, before, after));
}

/**
 * Runs `change` on one tenant's configuration, with its role events, in one transaction; on
 * PostgreSQL under the tenant's configuration lock (no SCIM change of the tenant runs meanwhile).
 */
export async function reconfigure<T>(tenantId: string, change: (before: RoleWorld) => Work<T>): Promise<T> {
  const { sql } = await db();
  const scope = await eventScope(tenantId, sql.dialect);
  return sql.tx(function* () {
    yield* lockRoles(sql.dialect, "definitions", "shared");
    yield* lockRoles(sql.dialect, "config", "exclusive", tenantId);
    const before = yield* loadWorld(tenantId);
    yield* renumber(tenantId, before);
    const result = yield* change(before);
    yield* recordConfigurationChange(scope, before);
    return result;
  });
}
