/**
 * The application's roles, defined by the operator (CLI, management API, console): a key the
 * application reads (`admin`), a name and description for people, and an order for lists. Removing
 * a role removes every tenant's mappings to it and default role of it, in one transaction that
 * records `user.updated` for each user who loses it.
 */
import { z } from "zod";
import { db } from "@/lib/db";
import { all, get, readWork, run, toDate, UniqueViolation, type Work } from "@/lib/db/sql";
import { AppError, parseInput } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { eventScope, recordConfigurationChange } from "./configure";
import type { RoleWorld } from "./resolve";
import { loadWorld, lockRoles } from "./store";

export const MAX_ROLES = 100;

export const ROLE_KEY_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,63}$/;

export const roleKeySchema = z
  .string()
  .trim()
  .min(1, "Give the role a key, e.g. admin")
  .max(64, "Use at most 64 characters")
  .regex(ROLE_KEY_PATTERN, "Use lower-case letters, digits and . _ : - (starting with a letter or digit)");

export const roleInputSchema = z.object({
  key: roleKeySchema,
  name: z.string().trim().min(1, "Name the role, e.g. Administrator").max(100, "Use at most 100 characters"),
  description: z.string().trim().max(500, "Use at most 500 characters").default(""),
});

export type RoleInput = z.input<typeof roleInputSchema>;

export type RoleDefinition = {
  id: string;
  key: string;
  name: string;
  description: string;
  position: number;
  createdAt: Date;
  /** How many tenants map a group to it or give it as their default role. */
  tenants: number;
};

/** A role as the CLI and the API show it. */
export function roleView(r: RoleDefinition) {
  return {
    key: r.key,
    name: r.name,
    description: r.description,
    position: r.position,
    tenants: r.tenants,
    createdAt: r.createdAt.toISOString(),
  };
}

type RoleRow = {
  id: string;
  key: string;
  name: string;
  description: string;
  position: number;
  createdAt: unknown;
};

const ROLE_COLUMNS = `id, key, name, description, position, "createdAt"`;

/** Tenants that use a role (a mapping or their default), in a stable order. */
function* tenantsUsing(roleId: string): Work<string[]> {
  const rows = yield* all<{ tenantId: string }>(
    `SELECT "tenantId" FROM "RoleMapping" WHERE "roleId" = ?
     UNION SELECT "tenantId" FROM "TenantDefaultRole" WHERE "roleId" = ? ORDER BY 1`,
    [roleId, roleId],
  );
  return rows.map((r) => r.tenantId);
}

/** Every role, in their order, with how many tenants use each. */
export async function listRoles(): Promise<RoleDefinition[]> {
  const { sql } = await db();
  const [rows, usage] = await Promise.all([
    sql.all<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM "Role" ORDER BY position, key`),
    sql.all<{ roleId: string; n: number }>(
      `SELECT "roleId", COUNT(DISTINCT "tenantId") AS n FROM (
         SELECT "roleId", "tenantId" FROM "RoleMapping" UNION SELECT "roleId", "tenantId" FROM "TenantDefaultRole"
       ) u GROUP BY "roleId"`,
    ),
  ]);
  const used = new Map(usage.map((u) => [u.roleId, Number(u.n)]));
  return rows.map((r) => ({
    ...r,
    position: Number(r.position),
    createdAt: toDate(r.createdAt)!,
    tenants: used.get(r.id) ?? 0,
  }));
}

export async function findRole(key: string): Promise<RoleDefinition | null> {
  return (await listRoles()).find((r) => r.key === key) ?? null;
}

/** Defines a role, last in the order. */
export async function addRole(input: RoleInput): Promise<RoleDefinition> {
  const v = parseInput(roleInputSchema, input);
  const { sql } = await db();
  const id = newId();
  const createdAt = new Date();
  const position = await sql
    .tx(function* () {
      const count = yield* get<{ n: number; last: number | null }>(
        `SELECT COUNT(*) AS n, MAX(position) AS last FROM "Role"`,
      );
      if (Number(count?.n ?? 0) >= MAX_ROLES) throw new AppError(`At most ${MAX_ROLES} roles can be defined`);
      const next = Number(count?.last ?? 0) + 1;
      yield* run(`INSERT INTO "Role" (${ROLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
        id,
        v.key,
        v.name,
        v.description,
        next,
        createdAt,
      ]);
      return next;
    })
    .catch((error: unknown) => {
      if (error instanceof UniqueViolation) {
        throw AppError.invalidFields({ key: `A role with the key “${v.key}” is already defined` });
      }
      throw error;
    });
  return { id, ...v, position, createdAt, tenants: 0 };
}

const ATTEMPTS = 5;

/**
 * Removes a role: every tenant's mappings to it and default role of it go too, and each user who
 * had it gets `user.updated` — all in one transaction, under each such tenant's configuration lock.
 * Answers how many tenants used it.
 */
export async function removeRole(key: string): Promise<{ key: string; tenants: number }> {
  const { sql } = await db();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const role = await sql.get<{ id: string }>(`SELECT id FROM "Role" WHERE key = ?`, [key]);
    if (!role) throw new AppError(`No role has the key “${key}”`, { code: "not_found", field: "key" });
    // Each tenant's event scope (its custom attributes) is read before the transaction, which cannot wait.
    const tenants = await readWork(sql, tenantsUsing(role.id));
    const scopes = new Map(
      await Promise.all(tenants.map(async (t) => [t, await eventScope(t, sql.dialect)] as const)),
    );
    const done = await sql.tx(function* (): Work<number | null> {
      yield* lockRoles(sql.dialect, "definitions", "exclusive");
      const using = yield* tenantsUsing(role.id);
      if (using.some((t) => !scopes.has(t))) return null; // a tenant began to use it meanwhile
      const before = new Map<string, RoleWorld>();
      for (const t of using) {
        yield* lockRoles(sql.dialect, "config", "exclusive", t);
        before.set(t, yield* loadWorld(t));
      }
      const removed = yield* run(`DELETE FROM "Role" WHERE id = ?`, [role.id]);
      if (removed.changes === 0) return using.length;
      for (const t of using) yield* recordConfigurationChange(scopes.get(t)!, before.get(t)!);
      return using.length;
    });
    if (done !== null) return { key, tenants: done };
  }
  throw new AppError("Tenants kept starting to use this role; try again", { code: "conflict" });
}
