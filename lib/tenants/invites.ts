/**
 * Invitations to become an administrator of a company. One per address and company: inviting the
 * same address again gives it a new link and a new expiry (the old link stops working). With SMTP
 * configured the link is mailed and never shown — so joining proves the address — otherwise the
 * portal shows it to pass on by hand. Accepting deletes the invite; the audit log says who joined.
 */
import { hashSecret } from "@/lib/auth/password";
import { ADMIN_ROLES, ROLE_LABELS, roleOf, type AdminRole } from "@/lib/auth/roles";
import { audit, type Actor } from "@/lib/audit/service";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { get, run, toDate, type Work } from "@/lib/db/sql";
import { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { invitationMail } from "@/lib/mail/templates";
import { mailEnabled, sendMail } from "@/lib/mail/transport";
import { hashToken, newLinkToken } from "@/lib/security/token-hash";
import { acceptInviteSchema, emailSchema } from "./schemas";
import { insertAdmin, runAdminCreation } from "./service";

const INVITE_DAYS = 7;

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
  role: AdminRole;
  expiresAt: Date;
};

/** A new invite: the row to store (the token's hash only) and the one-time token for the link. */
export function newInvite(
  tenantId: string,
  email: string,
  actor: Actor,
  role: AdminRole,
): { row: InviteRow; token: string } {
  const { token, hash } = newLinkToken();
  return {
    token,
    row: {
      tenantId,
      id: newId(),
      tokenHash: hash,
      email,
      invitedById: actor.adminId ?? "",
      role,
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    },
  };
}

/**
 * Stores an invite in the caller's transaction; an open invite for the same address in the same
 * company takes the new link and expiry instead (the one-per-address rule, kept by a unique key).
 */
export function* insertInvite(row: InviteRow): Work<void> {
  yield* run(
    `INSERT INTO "AdminInvite" ("tenantId", id, "tokenHash", email, "emailLower", "invitedById", role, "createdAt", "expiresAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("tenantId", "emailLower") DO UPDATE SET "tokenHash" = excluded."tokenHash",
       email = excluded.email, "invitedById" = excluded."invitedById", role = excluded.role,
       "createdAt" = excluded."createdAt", "expiresAt" = excluded."expiresAt"`,
    [
      row.tenantId,
      row.id,
      row.tokenHash,
      row.email,
      row.email.toLowerCase(),
      row.invitedById,
      row.role,
      new Date(),
      row.expiresAt,
    ],
  );
}

const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(ADMIN_ROLES, { message: "Choose a role" }),
});

export type InviteResult = {
  email: string;
  expiresAt: string;
  /** The link to pass on by hand: only when Rollcall sends no email (it was mailed otherwise). */
  link: string | null;
};

/**
 * Invites an administrator, or invites them again (a new link, a new expiry). With SMTP the
 * message is sent before this answers, so an admin learns at once when the mail server refused it.
 */
export async function inviteAdmin(
  tenantId: string,
  actor: Actor,
  input: { email: string; role: string },
  inviterName: string,
): Promise<InviteResult> {
  const { email: address, role } = parseInput(inviteSchema, input);
  const { sql } = await db();
  const { row, token } = newInvite(tenantId, address, actor, role);
  const company = await sql.tx(function* () {
    const taken = yield* get(`SELECT id FROM "Admin" WHERE "emailLower" = ?`, [address.toLowerCase()]);
    if (taken) return null;
    const renewed = yield* get(`SELECT id FROM "AdminInvite" WHERE "tenantId" = ? AND "emailLower" = ?`, [
      tenantId,
      address.toLowerCase(),
    ]);
    yield* insertInvite(row);
    yield* audit({
      tenantId,
      actor,
      action: renewed ? "admin.invite_renewed" : "admin.invited",
      target: address,
      detail: `as ${ROLE_LABELS[role]}`,
    });
    const tenant = yield* get<{ name: string }>(`SELECT name FROM "Tenant" WHERE id = ?`, [tenantId]);
    return tenant?.name ?? "";
  });
  // Administrators already learn this (they are a company's admins, not the public): the address
  // cannot be invited, and telling them why saves a support call.
  if (company === null)
    throw new AppError("An account with this email already exists", { field: "email", code: "conflict" });
  const url = inviteUrl(token);
  if (!mailEnabled()) return { email: address, expiresAt: row.expiresAt.toISOString(), link: url };
  try {
    await sendMail(invitationMail(address, company, inviterName, url, row.expiresAt));
  } catch {
    throw new AppError(
      "The invitation was saved, but the mail server did not take the message. Try Send again later.",
      { field: "email" },
    );
  }
  return { email: address, expiresAt: row.expiresAt.toISOString(), link: null };
}

/** Revokes an open invite: its link stops working at once. */
export async function revokeInvite(tenantId: string, actor: Actor, inviteId: string): Promise<void> {
  const { sql } = await db();
  const revoked = await sql.tx(function* () {
    const row = yield* get<{ email: string }>(
      `SELECT email FROM "AdminInvite" WHERE "tenantId" = ? AND id = ?`,
      [tenantId, inviteId],
    );
    if (!row) return false;
    yield* run(`DELETE FROM "AdminInvite" WHERE "tenantId" = ? AND id = ?`, [tenantId, inviteId]);
    yield* audit({ tenantId, actor, action: "admin.invite_revoked", target: row.email });
    return true;
  });
  if (!revoked) throw new AppError("This invite was already accepted or revoked", { code: "not_found" });
}

/** An invite whose link still works, with its company's name; null otherwise. */
export async function findInvite(token: string) {
  const { prisma } = await db();
  const invite = await prisma.adminInvite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { tenant: { select: { name: true } } },
  });
  if (!invite || invite.expiresAt < new Date()) return null;
  return invite;
}

/** Turns an invite into an admin account of the inviting company; the invite is used up. */
export async function acceptInvite(
  token: string,
  input: { name: string; password: string },
): Promise<{ email: string }> {
  const invite = await findInvite(token);
  if (!invite) throw new AppError("This invite link is invalid, used or expired");
  const data = parseInput(acceptInviteSchema, input);
  const admin = {
    id: newId(),
    tenantId: invite.tenantId,
    email: invite.email,
    name: data.name,
    passwordHash: await hashSecret(data.password),
    role: roleOf(invite.role),
  };
  const claimed = await runAdminCreation(function* () {
    // The token, not the row id: an invite sent again meanwhile has a new token, and this one is void.
    const result = yield* run(
      `DELETE FROM "AdminInvite" WHERE "tenantId" = ? AND "tokenHash" = ? AND "expiresAt" > ?`,
      [invite.tenantId, invite.tokenHash, new Date()],
    );
    if (result.changes !== 1) return false;
    yield* insertAdmin(admin);
    yield* audit({
      tenantId: invite.tenantId,
      actor: { adminId: admin.id, label: invite.email },
      action: "admin.joined",
      target: invite.email,
    });
    return true;
  });
  if (!claimed) throw new AppError("This invite link was already used");
  return { email: invite.email };
}

export type PendingInvite = {
  id: string;
  email: string;
  role: AdminRole;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
};

/** The company's open invites, newest first, expired ones too (marked), so an admin can renew them. */
export async function listInvites(tenantId: string, now = new Date()): Promise<PendingInvite[]> {
  const { sql } = await db();
  const rows = await sql.all<{
    id: string;
    email: string;
    role: string;
    createdAt: unknown;
    expiresAt: unknown;
  }>(
    `SELECT id, email, role, "createdAt", "expiresAt" FROM "AdminInvite" WHERE "tenantId" = ? ORDER BY "createdAt" DESC`,
    [tenantId],
  );
  return rows.map((r) => {
    const expiresAt = toDate(r.expiresAt)!;
    return {
      id: r.id,
      email: r.email,
      role: roleOf(r.role),
      createdAt: toDate(r.createdAt)!,
      expiresAt,
      expired: expiresAt <= now,
    };
  });
}
