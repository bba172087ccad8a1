import { randomBytes } from "node:crypto";
import { endAllSessions } from "@/lib/auth/admin-sessions";
import { hashSecret } from "@/lib/auth/password";
import { audit, type Actor } from "@/lib/audit/service";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { run, UniqueViolation, type Dialect, type Work } from "@/lib/db/sql";
import { recordEvent } from "@/lib/events/outbox";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashToken } from "@/lib/security/token-hash";
import { acceptInviteSchema, emailSchema, signUpSchema, type SignUpInput } from "./schemas";

export type AdminView = "basic" | "advanced";

const INVITE_DAYS = 7;

type NewAdmin = { id: string; tenantId: string; email: string; name: string; passwordHash: string };

function* insertAdmin(admin: NewAdmin): Work<void> {
  yield* run(
    `INSERT INTO "Admin" (id, "tenantId", email, "emailLower", name, "passwordHash", "adminView", "createdAt") VALUES (?, ?, ?, ?, ?, ?, 'basic', ?)`,
    [
      admin.id,
      admin.tenantId,
      admin.email,
      admin.email.toLowerCase(),
      admin.name,
      admin.passwordHash,
      new Date(),
    ],
  );
}

async function runAdminCreation<T>(work: () => Work<T>): Promise<T> {
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

/** Creates a company (tenant) and its first admin. */
export async function signUp(input: SignUpInput): Promise<{ tenantId: string; adminId: string }> {
  const data = signUpSchema.parse(input);
  const tenantId = newId();
  const admin = {
    id: newId(),
    tenantId,
    email: data.email,
    name: data.name,
    passwordHash: await hashSecret(data.password),
  };
  const { sql } = await db();
  await runAdminCreation(function* () {
    yield* insertTenant(sql.dialect, { id: tenantId, name: data.companyName, createdAt: new Date() });
    yield* insertAdmin(admin);
  });
  return { tenantId, adminId: admin.id };
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

export async function listAdmins(tenantId: string) {
  const { prisma } = await db();
  return prisma.admin.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, adminView: true, createdAt: true },
  });
}

export async function setAdminView(tenantId: string, adminId: string, view: AdminView): Promise<void> {
  const { prisma } = await db();
  await prisma.admin.updateMany({ where: { tenantId, id: adminId }, data: { adminView: view } });
}

/**
 * Removes an administrator from their company: their sessions end first (and the row's removal
 * would end any session that raced it). No one removes themselves, so a company keeps an admin.
 */
export async function removeAdmin(tenantId: string, actor: Actor, adminId: string): Promise<void> {
  if (actor.adminId === adminId) throw new AppError("You cannot remove yourself", { code: "forbidden" });
  const { prisma } = await db();
  const target = await prisma.admin.findFirst({ where: { tenantId, id: adminId }, select: { email: true } });
  if (!target) throw new AppError("No such administrator in your company", { code: "not_found" });
  await endAllSessions(adminId);
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(`DELETE FROM "Admin" WHERE "tenantId" = ? AND id = ?`, [tenantId, adminId]);
    yield* audit({ tenantId, actor, action: "admin.removed", target: target.email });
  });
  await endAllSessions(adminId);
}

/** The link an invited administrator opens (once) to join the company. */
export function inviteUrl(token: string): string {
  return `${appUrl()}/invite/${token}`;
}

type InviteRow = {
  tenantId: string;
  id: string;
  tokenHash: string;
  email: string;
  invitedById: string;
  expiresAt: Date;
};

/** A new invite: the row to store (the token's hash only) and the one-time token for the link. */
export function newInvite(tenantId: string, email: string, actor: Actor): { row: InviteRow; token: string } {
  const token = randomBytes(32).toString("base64url");
  return {
    token,
    row: {
      tenantId,
      id: newId(),
      tokenHash: hashToken(token),
      email,
      invitedById: actor.adminId ?? "",
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    },
  };
}

/** Stores an invite in the caller's transaction. */
export function* insertInvite(row: InviteRow): Work<void> {
  yield* run(
    `INSERT INTO "AdminInvite" ("tenantId", id, "tokenHash", email, "invitedById", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [row.tenantId, row.id, row.tokenHash, row.email, row.invitedById, new Date(), row.expiresAt],
  );
}

/** Creates an invite for a second admin; returns the one-time token for the invite link. */
export async function createInvite(
  tenantId: string,
  actor: Actor,
  email: string,
): Promise<{ token: string }> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success)
    throw new AppError(parsed.error.issues[0]?.message ?? "Invalid email", { field: "email" });
  const { prisma } = await db();
  const existing = await prisma.admin.findUnique({ where: { emailLower: parsed.data.toLowerCase() } });
  if (existing)
    throw new AppError("An account with this email already exists", { field: "email", code: "conflict" });
  const { row, token } = newInvite(tenantId, parsed.data, actor);
  const { sql } = await db();
  await sql.tx(function* () {
    yield* insertInvite(row);
    yield* audit({ tenantId, actor, action: "admin.invited", target: parsed.data });
  });
  return { token };
}

export async function findInvite(token: string) {
  const { prisma } = await db();
  const invite = await prisma.adminInvite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { tenant: { select: { name: true } } },
  });
  if (!invite || invite.acceptedAt || invite.expiresAt < new Date()) return null;
  return invite;
}

/** Turns an invite into an admin account of the inviting company. */
export async function acceptInvite(
  token: string,
  input: { name: string; password: string },
): Promise<{ email: string }> {
  const invite = await findInvite(token);
  if (!invite) throw new AppError("This invite link is invalid, used or expired");
  const data = acceptInviteSchema.parse(input);
  const admin = {
    id: newId(),
    tenantId: invite.tenantId,
    email: invite.email,
    name: data.name,
    passwordHash: await hashSecret(data.password),
  };
  const claimed = await runAdminCreation(function* () {
    const result = yield* run(
      `UPDATE "AdminInvite" SET "acceptedAt" = ? WHERE "tenantId" = ? AND id = ? AND "acceptedAt" IS NULL`,
      [new Date(), invite.tenantId, invite.id],
    );
    if (result.changes === 1) {
      yield* insertAdmin(admin);
      yield* audit({
        tenantId: invite.tenantId,
        actor: { adminId: admin.id, label: invite.email },
        action: "admin.joined",
        target: invite.email,
      });
    }
    return result.changes === 1;
  });
  if (!claimed) throw new AppError("This invite link was already used");
  return { email: invite.email };
}

export async function listPendingInvites(tenantId: string) {
  const { prisma } = await db();
  return prisma.adminInvite.findMany({
    where: { tenantId, acceptedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, createdAt: true, expiresAt: true },
  });
}
