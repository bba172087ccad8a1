import { endAllSessions } from "@/lib/auth/admin-sessions";
import { ROLE_LABELS, type AdminRole } from "@/lib/auth/roles";
import { hashSecret } from "@/lib/auth/password";
import { removeSecondFactors } from "@/lib/auth/two-factor";
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run, UniqueViolation, type Dialect, type Work } from "@/lib/db/sql";
import { recordEvent } from "@/lib/events/outbox";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { accountNotice } from "@/lib/mail/templates";
import { sendInBackground } from "@/lib/mail/transport";
import { signUpSchema, type SignUpInput } from "./schemas";

export type AdminView = "basic" | "advanced";

export type NewAdmin = {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  passwordHash: string;
  role: AdminRole;
};

/** Stores a new administrator, in the caller's transaction. */
export function* insertAdmin(admin: NewAdmin): Work<void> {
  yield* run(
    `INSERT INTO "Admin" (id, "tenantId", email, "emailLower", name, "passwordHash", "adminView", role, "createdAt") VALUES (?, ?, ?, ?, ?, ?, 'basic', ?, ?)`,
    [
      admin.id,
      admin.tenantId,
      admin.email,
      admin.email.toLowerCase(),
      admin.name,
      admin.passwordHash,
      admin.role,
      new Date(),
    ],
  );
}

/** Runs work that creates an administrator; an email that has an account already is a conflict. */
export async function runAdminCreation<T>(work: () => Work<T>): Promise<T> {
  const { sql } = await db();
  try {
    return await sql.tx(work);
  } catch (error) {
    if (error instanceof UniqueViolation) {
      throw new AppError("An account with this email already exists", { field: "email", code: "conflict" });
    }
    throw error;
  }
}

/** The tenant as events and the application API show it. */
export function tenantPayload(t: { id: string; name: string; createdAt: Date }) {
  return { id: t.id, name: t.name, createdAt: t.createdAt.toISOString() };
}

/** Inserts a tenant and records tenant.created, in the caller's transaction. */
export function* insertTenant(
  dialect: Dialect,
  tenant: { id: string; name: string; createdAt: Date },
): Work<void> {
  yield* run(`INSERT INTO "Tenant" (id, name, "createdAt") VALUES (?, ?, ?)`, [
    tenant.id,
    tenant.name,
    tenant.createdAt,
  ]);
  yield* recordEvent(dialect, {
    tenantId: tenant.id,
    type: "tenant.created",
    idpId: null,
    data: { tenant: tenantPayload(tenant) },
  });
}

/**
 * Creates a company (tenant) and its first admin at once, with no email confirmation: for the
 * operator's CLI, who vouches for the address. People sign up through lib/accounts/sign-up.ts.
 */
export async function createCompany(input: SignUpInput): Promise<{ tenantId: string; adminId: string }> {
  const data = signUpSchema.parse(input);
  return insertCompany(
    data.companyName,
    { email: data.email, name: data.name, passwordHash: await hashSecret(data.password) },
    "created by the operator CLI",
  );
}

/** A company and its first administrator — its owner — in one transaction (`how`: for the audit log). */
export async function insertCompany(
  companyName: string,
  admin: Omit<NewAdmin, "id" | "tenantId" | "role">,
  how: string,
): Promise<{ tenantId: string; adminId: string }> {
  const tenantId = newId();
  const row: NewAdmin = { ...admin, id: newId(), tenantId, role: "owner" };
  const { sql } = await db();
  await runAdminCreation(function* () {
    yield* insertTenant(sql.dialect, { id: tenantId, name: companyName, createdAt: new Date() });
    yield* insertAdmin(row);
    yield* audit({
      tenantId,
      actor: { adminId: row.id, label: row.email },
      action: "tenant.created",
      target: companyName,
      detail: how,
    });
  });
  return { tenantId, adminId: row.id };
}

export async function getAdmin(tenantId: string, adminId: string) {
  const { prisma } = await db();
  return prisma.admin.findFirst({
    where: { tenantId, id: adminId },
    select: { id: true, tenantId: true, email: true, name: true, adminView: true, createdAt: true },
  });
}

export async function getTenant(tenantId: string) {
  const { prisma } = await db();
  return prisma.tenant.findUnique({ where: { id: tenantId } });
}

/** Lets the tenant's administrators sign in through its identity provider (or stops it). */
export async function setAdminSso(tenantId: string, actor: Actor, enabled: boolean): Promise<void> {
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(`UPDATE "Tenant" SET "adminSso" = ? WHERE id = ?`, [enabled, tenantId]);
    yield* audit({
      tenantId,
      actor,
      action: enabled ? "tenant.admin_sso_enabled" : "tenant.admin_sso_disabled",
    });
  });
}

/** The company's administrators, oldest first, with whether each has a second factor. */
export async function listAdmins(tenantId: string) {
  const { prisma } = await db();
  const admins = await prisma.admin.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      adminView: true,
      role: true,
      createdAt: true,
      totpEnabledAt: true,
      _count: { select: { passkeys: true } },
    },
  });
  return admins.map(({ totpEnabledAt, _count, ...admin }) => ({
    ...admin,
    twoFactor: totpEnabledAt !== null || _count.passkeys > 0,
  }));
}

export async function setAdminView(tenantId: string, adminId: string, view: AdminView): Promise<void> {
  const { prisma } = await db();
  await prisma.admin.updateMany({ where: { tenantId, id: adminId }, data: { adminView: view } });
}

/** The company's row, locked on PostgreSQL, so owner counts and changes to them are serialised. */
function* lockTenant(dialect: Dialect, tenantId: string): Work<void> {
  yield* get(`SELECT id FROM "Tenant" WHERE id = ?${dialect === "postgres" ? " FOR UPDATE" : ""}`, [
    tenantId,
  ]);
}

/** How many owners the company has besides `adminId`. */
function* otherOwners(tenantId: string, adminId: string): Work<number> {
  const row = yield* get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM "Admin" WHERE "tenantId" = ? AND id <> ? AND role = 'owner'`,
    [tenantId, adminId],
  );
  return Number(row?.n ?? 0);
}

const LAST_OWNER = "A company always keeps an owner: make another administrator an owner first";

async function adminOf(tenantId: string, adminId: string) {
  const { prisma } = await db();
  const target = await prisma.admin.findFirst({
    where: { tenantId, id: adminId },
    select: { email: true, name: true, role: true },
  });
  if (!target) throw new AppError("No such administrator in your company", { code: "not_found" });
  return target;
}

/**
 * Removes an administrator from their company — another one, or oneself (leaving) — but never its
 * last owner. The count and the removal are one transaction that (on PostgreSQL) locks the
 * company's row, so two owners removing each other at once cannot both succeed. Their sessions go
 * with the row (the foreign key cascades) and are ended once more after.
 */
export async function removeAdmin(tenantId: string, actor: Actor, adminId: string): Promise<void> {
  const target = await adminOf(tenantId, adminId);
  const { sql } = await db();
  const removed = await sql.tx(function* () {
    yield* lockTenant(sql.dialect, tenantId);
    const row = yield* get<{ role: string }>(`SELECT role FROM "Admin" WHERE "tenantId" = ? AND id = ?`, [
      tenantId,
      adminId,
    ]);
    if (!row) return true;
    if (row.role === "owner" && (yield* otherOwners(tenantId, adminId)) === 0) return false;
    yield* run(`DELETE FROM "Admin" WHERE "tenantId" = ? AND id = ?`, [tenantId, adminId]);
    yield* audit({
      tenantId,
      actor,
      action: actor.adminId === adminId ? "admin.left" : "admin.removed",
      target: target.email,
    });
    return true;
  });
  if (!removed) throw new AppError(LAST_OWNER, { code: "forbidden" });
  await endAllSessions(adminId);
}

/**
 * An owner's way back in for another administrator who lost their second factor (phone and
 * recovery codes): their authenticator app, recovery codes and passkeys are removed and their
 * sessions end. They sign in with their password and set a factor up again (at once where the
 * company requires one); a mail tells them who did it. One's own factors are changed in Security.
 */
export async function resetSecondFactor(
  tenantId: string,
  actor: Actor,
  adminId: string,
  tenantName: string,
): Promise<void> {
  if (actor.adminId === adminId)
    throw new AppError("Change your own second factor in Security settings", { code: "forbidden" });
  const target = await adminOf(tenantId, adminId);
  const { sql } = await db();
  const key = { tenantId, id: adminId };
  const reset = await sql.tx(function* () {
    if (!(yield* removeSecondFactors(key))) return false;
    yield* audit({ tenantId, actor, action: "admin.second_factor_reset", target: target.email });
    return true;
  });
  if (!reset) throw new AppError(`${target.name} has no second factor to reset`, { code: "conflict" });
  await endAllSessions(adminId);
  sendInBackground(
    "notice",
    accountNotice(
      target.email,
      tenantName,
      `${actor.label} reset your two-factor sign-in: your authenticator app, recovery codes and passkeys no longer work, and you were signed out. Sign in with your password and set two-factor sign-in up again`,
    ),
  );
}

/** Gives an administrator another role; the company's last owner keeps theirs. */
export async function changeAdminRole(
  tenantId: string,
  actor: Actor,
  adminId: string,
  role: AdminRole,
): Promise<void> {
  const target = await adminOf(tenantId, adminId);
  const { sql } = await db();
  const changed = await sql.tx(function* () {
    yield* lockTenant(sql.dialect, tenantId);
    const row = yield* get<{ role: string }>(`SELECT role FROM "Admin" WHERE "tenantId" = ? AND id = ?`, [
      tenantId,
      adminId,
    ]);
    if (!row || row.role === role) return true;
    if (row.role === "owner" && (yield* otherOwners(tenantId, adminId)) === 0) return false;
    yield* run(`UPDATE "Admin" SET role = ? WHERE "tenantId" = ? AND id = ?`, [role, tenantId, adminId]);
    yield* audit({
      tenantId,
      actor,
      action: "admin.role_changed",
      target: target.email,
      detail: `${ROLE_LABELS[row.role as AdminRole] ?? row.role} → ${ROLE_LABELS[role]}`,
    });
    return true;
  });
  if (!changed) throw new AppError(LAST_OWNER, { code: "forbidden" });
}

/** Hands the company over: `adminId` becomes an owner and the acting owner an administrator. */
export async function transferOwnership(tenantId: string, actor: Actor, adminId: string): Promise<void> {
  if (!actor.adminId || actor.adminId === adminId) {
    throw new AppError("Choose another administrator to hand the company to", { code: "invalid" });
  }
  const target = await adminOf(tenantId, adminId);
  const { sql } = await db();
  await sql.tx(function* () {
    yield* lockTenant(sql.dialect, tenantId);
    yield* run(`UPDATE "Admin" SET role = 'owner' WHERE "tenantId" = ? AND id = ?`, [tenantId, adminId]);
    yield* run(`UPDATE "Admin" SET role = 'admin' WHERE "tenantId" = ? AND id = ? AND role = 'owner'`, [
      tenantId,
      actor.adminId,
    ]);
    yield* audit({ tenantId, actor, action: "admin.ownership_transferred", target: target.email });
  });
}
