/**
 * The directory events SCIM changes produce, as the application wants them (lib/events/types.ts
 * documents each type): a user or group in its normalized form (./normalized.ts), and
 * for updates the attribute-level changes, with secrets redacted and card numbers masked exactly
 * as in the provisioning log.
 */
import { all, type Work } from "@/lib/db/sql";
import { recordEvents, type NewEvent } from "@/lib/events/outbox";
import type { JsonObject } from "../document";
import { groupRef, normalizedGroup, normalizedUser } from "./normalized";
import type { Kind, Row } from "./store";
import type { Change, ScimContext } from "./types";

/** The ids of the groups a user is in (read inside the transaction that changes the user). */
export function* groupIdsOf(ctx: ScimContext, userId: string): Work<string[]> {
  const rows = yield* all<{ groupId: string }>(
    `SELECT "groupId" FROM "ScimGroupMember" WHERE "tenantId" = ? AND "memberId" = ? ORDER BY "groupId"`,
    [ctx.tenantId, userId],
  );
  return rows.map((r) => r.groupId);
}

const event = (ctx: ScimContext, type: string, data: unknown): NewEvent => ({
  tenantId: ctx.tenantId,
  type,
  idpId: ctx.idpId,
  data,
});

/**
 * user.created / user.deactivated / user.reactivated / user.updated / user.deleted, for a user
 * going from `before` to `after` (null for created and deleted); nothing when nothing changed. The
 * user carries its roles as they are (a user's own attributes never change them: groups do).
 */
export function* userEvent(
  ctx: ScimContext,
  kind: Kind,
  row: Row,
  before: JsonObject | null,
  after: JsonObject | null,
  changes: Change[],
  groups: string[],
): Work<void> {
  let type: string;
  if (before === null) type = "user.created";
  else if (after === null) type = "user.deleted";
  else if (changes.length === 0) return;
  else if (before.active !== false && after.active === false) type = "user.deactivated";
  else if (before.active === false && after.active !== false) type = "user.reactivated";
  else type = "user.updated";
  const roles = yield* ctx.roles.rolesOf(ctx, row.id);
  const user = normalizedUser(ctx, kind, row, after ?? before!, groups, roles);
  const data = type === "user.created" || type === "user.deleted" ? { user } : { user, changes };
  yield* recordEvents(ctx.sql.dialect, [event(ctx, type, data)]);
}

/** group.created / group.updated / group.deleted, and one member_added / member_removed each. */
export function* groupEvents(
  ctx: ScimContext,
  kind: Kind,
  row: Row,
  before: JsonObject | null,
  after: JsonObject | null,
  changes: Change[],
  members: { added: string[]; removed: string[] },
): Work<void> {
  const doc = after ?? before!;
  const group = normalizedGroup(ctx, kind, row, doc);
  const ref = groupRef(row, doc);
  const events: NewEvent[] = [];
  if (before === null) events.push(event(ctx, "group.created", { group }));
  else if (after === null) events.push(event(ctx, "group.deleted", { group }));
  else if (changes.length > 0) events.push(event(ctx, "group.updated", { group, changes }));
  for (const userId of members.added) events.push(event(ctx, "group.member_added", { group: ref, userId }));
  for (const userId of members.removed)
    events.push(event(ctx, "group.member_removed", { group: ref, userId }));
  yield* recordEvents(ctx.sql.dialect, events);
}
