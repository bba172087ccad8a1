/**
 * `user.updated` for each user whose roles changed (decision 0015): the user as it is now, with its
 * roles after, and `changes: [{ path: "roles", before, after }]`. Written in the caller's
 * transaction in batches (two reads and a few multi-row inserts per 500 users), so a mapping of a
 * 50,000-member group commits its 50,000 events with it, or none.
 */
import { all, type Dialect, type Work } from "@/lib/db/sql";
import { eventsEnabled, recordEvents, type NewEvent } from "@/lib/events/outbox";
import { normalizedUser, type DirectoryView } from "./normalized";
import { chunks, parseDoc, ROW_COLUMNS, type Row } from "./store";
import type { RoleChange } from "./types";
import { USERS } from "./users";

const BATCH = 500;

/** Whose events: the tenant, the identity provider whose request it was (null: an admin's change). */
export type RoleEventScope = DirectoryView & { tenantId: string; idpId: string | null; dialect: Dialect };

export function* recordRoleChanges(scope: RoleEventScope, changes: readonly RoleChange[]): Work<void> {
  if (changes.length === 0 || !eventsEnabled()) return;
  for (const part of chunks([...changes], BATCH)) {
    const ids = part.map((c) => c.userId);
    const marks = ids.map(() => "?").join(", ");
    const rows = yield* all<Row>(
      `SELECT ${ROW_COLUMNS} FROM "ScimUser" r WHERE r."tenantId" = ? AND r.id IN (${marks})`,
      [scope.tenantId, ...ids],
    );
    const memberships = yield* all<{ memberId: string; groupId: string }>(
      `SELECT "memberId", "groupId" FROM "ScimGroupMember" WHERE "tenantId" = ? AND "memberId" IN (${marks})
        ORDER BY "memberId", "groupId"`,
      [scope.tenantId, ...ids],
    );
    const groups = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const m of memberships) groups.get(m.memberId)?.push(m.groupId);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const events: NewEvent[] = [];
    for (const change of part) {
      const row = byId.get(change.userId);
      if (!row) continue;
      const user = normalizedUser(
        scope,
        USERS,
        row,
        parseDoc(row.doc),
        groups.get(row.id) ?? [],
        change.after,
      );
      events.push({
        tenantId: scope.tenantId,
        type: "user.updated",
        idpId: scope.idpId,
        data: { user, changes: [{ path: "roles", before: change.before, after: change.after }] },
      });
    }
    yield* recordEvents(scope.dialect, events);
  }
}
