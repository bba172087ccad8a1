/**
 * The mass-deprovisioning guard, inside the transaction that would disable or delete a user.
 * Within the tenant's window, once disables and deletes number more than `guardMinUsers` and more
 * than `guardPercent` % of the users who were active, the guard trips: that change and every later
 * one are held (the client gets a success answer, so it is not pushed into quarantine) until an
 * admin approves them (they are replayed) or rejects them (the users stay as they are).
 */
import { audit } from "@/lib/audit/service";
import { recordEvent } from "@/lib/events/outbox";
import { newId } from "@/lib/ids";
import { get, run, toBool, type Work } from "@/lib/db/sql";
import type { JsonObject } from "../document";
import type { ScimContext } from "./types";

export type Deprovision = {
  kind: "disable" | "delete";
  method: "PATCH" | "PUT" | "DELETE";
  /** For a disable: the document as the request leaves it (documents never hold secrets). */
  doc: JsonObject | null;
  /** A PIN hash the request set ("" when it removed the PIN; undefined when it did not touch it). */
  pinHash?: string;
  /** The user's version the change applies to. */
  version: number;
};

type GuardRow = {
  guardEnabled: unknown;
  guardPercent: number;
  guardMinUsers: number;
  guardWindowMinutes: number;
  guardTrippedAt: unknown;
};

/**
 * Does this disable or delete trip the guard? It would be number `count` of the window; the base
 * is the users who were active when the window began: active now, minus those created within the
 * window (so throw-away users cannot dilute it), plus those disabled or deleted within it.
 */
export function trips(w: {
  count: number;
  active: number;
  created: number;
  recent: number;
  minUsers: number;
  percent: number;
}): boolean {
  const base = Math.max(0, w.active - w.created) + w.recent;
  return w.count > w.minUsers && w.count * 100 > w.percent * base;
}

/** "apply" (and counted), or "hold" (queued for an admin). */
export function* guardDeprovision(
  ctx: ScimContext,
  userId: string,
  change: Deprovision,
): Work<"apply" | "hold"> {
  if (ctx.guard === false) return "apply";
  const tenantId = ctx.tenantId;
  const now = new Date();
  // One decision at a time per tenant: on PostgreSQL the tenant's row is locked until the change
  // commits, so concurrent disables cannot all count the same "recent" and all pass (SQLite's
  // write transactions are serial anyway). NO KEY UPDATE does not block the key-share locks that
  // inserts of the tenant's other rows take.
  const lock = ctx.sql.dialect === "postgres" ? " FOR NO KEY UPDATE" : "";
  const t = yield* get<GuardRow>(
    `SELECT "guardEnabled", "guardPercent", "guardMinUsers", "guardWindowMinutes", "guardTrippedAt" FROM "Tenant" WHERE id = ?${lock}`,
    [tenantId],
  );
  if (!t || !toBool(t.guardEnabled)) return "apply";
  let hold = t.guardTrippedAt !== null && t.guardTrippedAt !== undefined;
  if (!hold) {
    const since = new Date(now.getTime() - Number(t.guardWindowMinutes) * 60_000);
    const recent = Number(
      (yield* get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM "DeprovisionLog" WHERE "tenantId" = ? AND at > ?`,
        [tenantId, since],
      ))?.n ?? 0,
    );
    const active = Number(
      (yield* get<{ n: number }>(`SELECT COUNT(*) AS n FROM "ScimUser" WHERE "tenantId" = ? AND active = ?`, [
        tenantId,
        true,
      ]))?.n ?? 0,
    );
    // Users created within the window do not enlarge the base: otherwise creating 300 throw-away
    // users first would let 30 real ones be disabled unnoticed.
    const created = Number(
      (yield* get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM "ScimUser" WHERE "tenantId" = ? AND "createdAt" > ? AND active = ?`,
        [tenantId, since, true],
      ))?.n ?? 0,
    );
    const count = recent + 1;
    hold = trips({
      count,
      active,
      created,
      recent,
      minUsers: Number(t.guardMinUsers),
      percent: Number(t.guardPercent),
    });
    if (hold) {
      yield* run(`UPDATE "Tenant" SET "guardTrippedAt" = ? WHERE id = ?`, [now, tenantId]);
      yield* recordEvent(ctx.sql.dialect, {
        tenantId,
        type: "deprovisioning_guard.tripped",
        idpId: ctx.idpId,
        data: { count, activeUsers: active, windowMinutes: Number(t.guardWindowMinutes) },
      });
      yield* audit({
        tenantId,
        actor: { adminId: null, label: "deprovisioning guard" },
        action: "deprovisioning_guard.tripped",
        detail: `${count} disables/deletes within ${t.guardWindowMinutes} minutes (${active} active users); further ones are held`,
      });
    }
  }
  if (hold) {
    yield* run(
      `INSERT INTO "DeprovisionHold" ("tenantId", id, at, "idpId", "userId", kind, method, doc, "pinHash", "userVersion")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        tenantId,
        newId(),
        now,
        ctx.idpId,
        userId,
        change.kind,
        change.method,
        change.doc === null ? null : JSON.stringify(change.doc),
        change.pinHash ?? null,
        change.version,
      ],
    );
    return "hold";
  }
  yield* run(`INSERT INTO "DeprovisionLog" ("tenantId", id, at, "userId") VALUES (?, ?, ?, ?)`, [
    tenantId,
    newId(),
    now,
    userId,
  ]);
  return "apply";
}

export const HELD_NOTE = "held by the mass-deprovisioning guard: waiting for an administrator";
