/**
 * A tenant's role configuration, as its administrators (portal) and the operator (CLI) change it:
 * group → role mappings in precedence order (1, 2, 3… kept without gaps) and the default role.
 * Each change is a transaction that records its audit entry and a `user.updated` for every user
 * whose roles it moved (./configure.ts). A group is a provisioned group of this tenant, by id, or a
 * name as the identity provider's groups claim sends it.
 */
import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { fold } from "@/lib/db/fold";
import { get, readWork, run, UniqueViolation, type Work } from "@/lib/db/sql";
import { AppError, parseInput } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { reconfigure } from "./configure";
import { listRoles, ROLE_KEY_PATTERN, roleKeySchema, type RoleDefinition } from "./definitions";
import type { Mapping, RoleRef, RoleWorld } from "./resolve";
import { loadWorld } from "./store";

export const MAX_MAPPINGS = 100;

const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .refine(
      (v) => ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127),
      `The ${what} cannot hold control characters`,
    );

export const mappingInputSchema = z
  .object({
    groupId: text("group id", 100).optional(),
    groupName: text("group name", 512).optional(),
    role: z
      .string()
      .trim()
      .min(1, "Choose a role")
      .max(64, "No role has this key")
      .regex(ROLE_KEY_PATTERN, "No role has this key"),
    precedence: z.coerce
      .number({ error: "Give a whole number from 1" })
      .int("Give a whole number from 1")
      .min(1, "Give a whole number from 1")
      .max(10_000, "Give a smaller number")
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.groupId && !v.groupName) {
      ctx.addIssue({ code: "custom", path: ["groupId"], message: "Choose a group, or type a group name" });
    }
    if (v.groupId && v.groupName) {
      ctx.addIssue({
        code: "custom",
        path: ["groupName"],
        message: "Give a group id or a group name, not both",
      });
    }
  });

export type MappingInput = z.input<typeof mappingInputSchema>;

/** A mapping as the CLI and the API show it. */
export type MappingView = {
  id: string;
  precedence: number;
  role: string;
  /** The provisioned group chosen (by id), or null for a name mapping. */
  groupId: string | null;
  /** The name chosen, or null for a mapping by id. */
  groupName: string | null;
  /** The provisioned group it matches now, if any. */
  matchedGroup: { id: string; displayName: string } | null;
};

export function mappingView(m: Mapping): MappingView {
  return {
    id: m.id,
    precedence: m.precedence,
    role: m.role.key,
    groupId: m.target.kind === "group" ? m.target.groupId : null,
    groupName: m.target.kind === "name" ? m.target.name : null,
    matchedGroup: m.group ? { id: m.group.id, displayName: m.group.displayName } : null,
  };
}

/** A tenant's configuration as the CLI and the API show it: mappings in order, the default role's key. */
export async function tenantRolesView(
  tenantId: string,
): Promise<{ mappings: MappingView[]; defaultRole: string | null }> {
  const settings = await roleSettings(tenantId);
  return { mappings: settings.mappings.map(mappingView), defaultRole: settings.defaultRole?.key ?? null };
}

/** What the portal's roles page shows: the operator's roles, the mappings in order, the default. */
export type RoleSettings = { roles: RoleDefinition[]; mappings: Mapping[]; defaultRole: RoleRef | null };

export async function roleSettings(tenantId: string): Promise<RoleSettings> {
  const { sql } = await db();
  const [roles, world] = await Promise.all([listRoles(), readWork(sql, loadWorld(tenantId))]);
  return { roles, mappings: world.mappings, defaultRole: world.defaultRole };
}

function* roleIdOf(key: string): Work<string> {
  const row = yield* get<{ id: string }>(`SELECT id FROM "Role" WHERE key = ?`, [key]);
  if (!row) throw new AppError(`No role has the key “${key}”`, { field: "role" });
  return row.id;
}

const describe = (m: Pick<Mapping, "target" | "group">) =>
  m.target.kind === "name"
    ? `name “${m.target.name}”`
    : `group “${m.group?.displayName ?? m.target.groupId}”`;

/** Adds a mapping at `precedence` (default: last); the ones from there on move down one. */
export async function addMapping(
  tenantId: string,
  actor: Actor,
  input: MappingInput,
): Promise<{ id: string }> {
  const v = parseInput(mappingInputSchema, input);
  const id = newId();
  const field = v.groupId ? "groupId" : "groupName";
  return reconfigure(tenantId, function* (before: RoleWorld) {
    const roleId = yield* roleIdOf(v.role);
    let target: Mapping["target"];
    let group: Mapping["group"] = null;
    if (v.groupId) {
      const found = yield* get<{ displayName: string }>(
        `SELECT "displayName" FROM "ScimGroup" WHERE "tenantId" = ? AND id = ?`,
        [tenantId, v.groupId],
      );
      if (!found) throw new AppError("This company has no provisioned group with this id", { field });
      target = { kind: "group", groupId: v.groupId };
      group = { id: v.groupId, displayName: found.displayName, externalId: null };
    } else {
      const name = v.groupName!;
      target = { kind: "name", name, nameLower: fold(name) };
    }
    const key = (m: Mapping) =>
      m.target.kind === "group" ? `id ${m.target.groupId}` : `name ${m.target.nameLower}`;
    const wanted = target.kind === "group" ? `id ${target.groupId}` : `name ${target.nameLower}`;
    if (before.mappings.some((m) => key(m) === wanted && m.role.key === v.role)) {
      throw new AppError("This group is already mapped to this role", { field, code: "conflict" });
    }
    if (before.mappings.length >= MAX_MAPPINGS) {
      throw new AppError(`A company can have at most ${MAX_MAPPINGS} mappings`);
    }
    const precedence = Math.min(v.precedence ?? Infinity, before.mappings.length + 1);
    yield* run(
      `UPDATE "RoleMapping" SET precedence = precedence + 1 WHERE "tenantId" = ? AND precedence >= ?`,
      [tenantId, precedence],
    );
    yield* run(
      `INSERT INTO "RoleMapping" ("tenantId", id, "roleId", "groupId", "groupName", "groupNameLower", precedence, "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        tenantId,
        id,
        roleId,
        target.kind === "group" ? target.groupId : null,
        target.kind === "name" ? target.name : null,
        target.kind === "name" ? target.nameLower : null,
        precedence,
        new Date(),
      ],
    );
    yield* audit({
      tenantId,
      actor,
      action: "role_mapping.added",
      target: `${describe({ target, group })} → ${v.role}`,
      detail: `precedence ${precedence}`,
    });
    return { id };
  }).catch((error: unknown) => {
    if (error instanceof UniqueViolation) {
      throw new AppError("This group is already mapped to this role", { field, code: "conflict" });
    }
    throw error;
  });
}

function mappingIn(before: RoleWorld, mappingId: string): Mapping {
  const found = before.mappings.find((m) => m.id === mappingId);
  if (!found) throw new AppError("This company has no such mapping", { code: "not_found" });
  return found;
}

/** Removes a mapping; the ones after it move up one. */
export async function removeMapping(tenantId: string, actor: Actor, mappingId: string): Promise<void> {
  await reconfigure(tenantId, function* (before) {
    const m = mappingIn(before, mappingId);
    yield* run(`DELETE FROM "RoleMapping" WHERE "tenantId" = ? AND id = ?`, [tenantId, m.id]);
    yield* run(
      `UPDATE "RoleMapping" SET precedence = precedence - 1 WHERE "tenantId" = ? AND precedence > ?`,
      [tenantId, m.precedence],
    );
    yield* audit({
      tenantId,
      actor,
      action: "role_mapping.removed",
      target: `${describe(m)} → ${m.role.key}`,
    });
  });
}

/** Moves a mapping to `precedence` (1 is first); the ones in between move by one. */
export async function moveMapping(
  tenantId: string,
  actor: Actor,
  mappingId: string,
  precedence: number,
): Promise<void> {
  if (!Number.isInteger(precedence) || precedence < 1) {
    throw new AppError("Give a whole number from 1", { field: "precedence" });
  }
  await reconfigure(tenantId, function* (before) {
    const m = mappingIn(before, mappingId);
    const to = Math.min(precedence, before.mappings.length);
    if (to === m.precedence) return;
    const [low, high, step] = to < m.precedence ? [to, m.precedence - 1, 1] : [m.precedence + 1, to, -1];
    yield* run(
      `UPDATE "RoleMapping" SET precedence = precedence + ? WHERE "tenantId" = ? AND precedence BETWEEN ? AND ?`,
      [step, tenantId, low, high],
    );
    yield* run(`UPDATE "RoleMapping" SET precedence = ? WHERE "tenantId" = ? AND id = ?`, [
      to,
      tenantId,
      m.id,
    ]);
    yield* audit({
      tenantId,
      actor,
      action: "role_mapping.moved",
      target: `${describe(m)} → ${m.role.key}`,
      detail: `precedence ${m.precedence} → ${to}`,
    });
  });
}

/** Sets the role of users no mapping matches (null: none). */
export async function setDefaultRole(tenantId: string, actor: Actor, roleKey: string | null): Promise<void> {
  const parsed = roleKeySchema.safeParse(roleKey ?? "");
  if (roleKey && !parsed.success) throw new AppError(parsed.error.issues[0]!.message, { field: "role" });
  const key = roleKey && parsed.success ? parsed.data : null;
  await reconfigure(tenantId, function* (before) {
    if ((before.defaultRole?.key ?? null) === key) return;
    const roleId = key === null ? null : yield* roleIdOf(key);
    yield* run(`DELETE FROM "TenantDefaultRole" WHERE "tenantId" = ?`, [tenantId]);
    if (roleId !== null) {
      yield* run(`INSERT INTO "TenantDefaultRole" ("tenantId", "roleId") VALUES (?, ?)`, [tenantId, roleId]);
    }
    yield* audit({
      tenantId,
      actor,
      action: "role_default.changed",
      target: key ?? "none",
      detail: `was ${before.defaultRole?.key ?? "none"}`,
    });
  });
}
