/**
 * An administrator's own account (Settings → Profile): their name, their password, their email.
 * Changing the password or the email needs the current password, checked under the sign-in
 * throttle (a stolen session cannot guess it faster than sign-in could). A new password ends every
 * other session. A new email takes effect only when the link mailed to it is opened; the old
 * address is then told. Asking to move to an address that already has an account answers like any
 * other request — the message to that address says so — so the form tells nobody who has accounts.
 */
import { endOtherSessions } from "@/lib/auth/admin-sessions";
import { hashSecret, verifySecret } from "@/lib/auth/password";
import { reserveAccountMail, reserveSignInAttempt } from "@/lib/auth/throttle";
import type { CurrentAdmin } from "@/lib/auth/session";
import { audit } from "@/lib/audit/service";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { get, readWork, run, toDate, UniqueViolation } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { accountNotice, emailChangeMail } from "@/lib/mail/templates";
import { mailEnabled, sendInBackground } from "@/lib/mail/transport";
import { emailSchema, passwordSchema, personNameSchema } from "@/lib/tenants/schemas";
import { parseField } from "./fields";
import {
  consumeAdminToken,
  deleteAdminTokens,
  findAdminToken,
  issueAdminToken,
  type TokenHolder,
} from "./tokens";

/** How long the link confirming a new email address works. */
export const EMAIL_CHANGE_HOURS = 24;

const actor = (admin: CurrentAdmin) => ({ adminId: admin.id, label: admin.email });
const ref = (admin: CurrentAdmin) => ({ tenantId: admin.tenantId, id: admin.id });

export async function changeName(admin: CurrentAdmin, name: string): Promise<void> {
  const value = parseField("name", personNameSchema, name);
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(`UPDATE "Admin" SET name = ? WHERE "tenantId" = ? AND id = ?`, [
      value,
      admin.tenantId,
      admin.id,
    ]);
    yield* audit({
      tenantId: admin.tenantId,
      actor: actor(admin),
      action: "admin.renamed",
      target: admin.email,
    });
  });
}

/** Checks the admin's current password under the sign-in throttle; a wrong one counts as a failure. */
async function checkCurrentPassword(admin: CurrentAdmin, password: string, address: string): Promise<void> {
  const attempt = await reserveSignInAttempt(admin.email, address, { knownDevice: true });
  if (!attempt.ok) {
    throw new AppError("Too many wrong passwords. Try again in up to 15 minutes.", { code: "rate_limited" });
  }
  const { sql } = await db();
  const row = await sql.get<{ passwordHash: string }>(
    `SELECT "passwordHash" FROM "Admin" WHERE "tenantId" = ? AND id = ?`,
    [admin.tenantId, admin.id],
  );
  if (!row || !(await verifySecret(row.passwordHash, password.slice(0, 1024)))) {
    throw new AppError("That is not your current password", { field: "currentPassword" });
  }
  await attempt.release();
}

/** A new password; every other session of the admin ends (this one stays signed in). */
export async function changePassword(
  admin: CurrentAdmin,
  input: { currentPassword: string; newPassword: string },
  address: string,
): Promise<{ sessionsEnded: number }> {
  const next = parseField("newPassword", passwordSchema, input.newPassword);
  await checkCurrentPassword(admin, input.currentPassword, address);
  const hash = await hashSecret(next);
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(`UPDATE "Admin" SET "passwordHash" = ? WHERE "tenantId" = ? AND id = ?`, [
      hash,
      admin.tenantId,
      admin.id,
    ]);
    // A reset link mailed earlier would undo the change the admin just made.
    yield* deleteAdminTokens(ref(admin), "password_reset");
    yield* audit({
      tenantId: admin.tenantId,
      actor: actor(admin),
      action: "admin.password_changed",
      target: admin.email,
    });
  });
  const sessionsEnded = await endOtherSessions(admin.id, admin.sessionId);
  if (mailEnabled()) {
    sendInBackground("notice", accountNotice(admin.email, admin.tenantName, "Your password was changed"));
  }
  return { sessionsEnded };
}

export type EmailChangeOutcome =
  | { mailed: true; newEmail: string }
  /** No SMTP: the confirmation link, to open by hand. */
  | { mailed: false; newEmail: string; confirmUrl: string };

/** Asks to move the admin's sign-in to a new address; it takes effect when the mailed link is opened. */
export async function requestEmailChange(
  admin: CurrentAdmin,
  input: { currentPassword: string; newEmail: string },
  address: string,
): Promise<EmailChangeOutcome> {
  const newEmail = parseField("newEmail", emailSchema, input.newEmail);
  if (newEmail.toLowerCase() === admin.email.toLowerCase())
    throw new AppError("That is your email address already", { field: "newEmail" });
  await checkCurrentPassword(admin, input.currentPassword, address);
  const gate = await reserveAccountMail(newEmail, address);
  if (!gate.ok) {
    throw new AppError(`Too many requests. Try again in ${Math.ceil(gate.retryAfterSeconds / 60)} minutes.`, {
      code: "rate_limited",
    });
  }
  const { sql } = await db();
  const issued = await sql.tx(function* () {
    const taken = yield* get(`SELECT id FROM "Admin" WHERE "emailLower" = ?`, [newEmail.toLowerCase()]);
    if (taken) return null;
    return yield* issueAdminToken(ref(admin), "email_change", EMAIL_CHANGE_HOURS * 60, newEmail);
  });
  const confirmUrl = issued ? `${appUrl()}/email/confirm/${issued.token}` : null;
  if (!mailEnabled()) {
    // No inbox stands between the form and the answer: the signed-in admin learns it either way.
    if (!confirmUrl)
      throw new AppError("An account with this email already exists", {
        field: "newEmail",
        code: "conflict",
      });
    return { mailed: false, newEmail, confirmUrl };
  }
  sendInBackground(
    "email-change",
    emailChangeMail(newEmail, admin.tenantName, confirmUrl, EMAIL_CHANGE_HOURS),
  );
  return { mailed: true, newEmail };
}

/** The change of address waiting for its confirmation, if any. */
export async function pendingEmailChange(
  admin: CurrentAdmin,
): Promise<{ newEmail: string; expiresAt: Date } | null> {
  const { sql } = await db();
  const row = await sql.get<{ newEmail: string; expiresAt: unknown }>(
    `SELECT "newEmail", "expiresAt" FROM "AdminToken" WHERE "tenantId" = ? AND "adminId" = ? AND purpose = 'email_change' AND "expiresAt" > ?`,
    [admin.tenantId, admin.id, new Date()],
  );
  return row ? { newEmail: row.newEmail, expiresAt: toDate(row.expiresAt)! } : null;
}

export async function cancelEmailChange(admin: CurrentAdmin): Promise<void> {
  const { sql } = await db();
  await sql.tx(() => deleteAdminTokens(ref(admin), "email_change"));
}

/** Whose change a confirmation link is, while it works (for the confirmation page). */
export async function findEmailChange(
  token: string,
): Promise<{ newEmail: string; tenantName: string } | null> {
  const { sql } = await db();
  const holder = await readWork(sql, findAdminToken(token, "email_change"));
  return holder?.newEmail ? { newEmail: holder.newEmail, tenantName: holder.tenantName } : null;
}

/** Confirms a new address: the admin signs in with it from now on; the old address is told. */
export async function confirmEmailChange(token: string): Promise<{ email: string }> {
  const { sql } = await db();
  let holder: TokenHolder | undefined;
  try {
    holder = await sql.tx(function* () {
      const found = yield* consumeAdminToken(token, "email_change");
      if (!found?.newEmail) return undefined;
      yield* run(`UPDATE "Admin" SET email = ?, "emailLower" = ? WHERE "tenantId" = ? AND id = ?`, [
        found.newEmail,
        found.newEmail.toLowerCase(),
        found.tenantId,
        found.adminId,
      ]);
      // Reset links went to the old address, which no longer signs in.
      yield* deleteAdminTokens({ tenantId: found.tenantId, id: found.adminId }, "password_reset");
      yield* audit({
        tenantId: found.tenantId,
        actor: { adminId: found.adminId, label: found.email },
        action: "admin.email_changed",
        target: `${found.email} → ${found.newEmail}`,
      });
      return found;
    });
  } catch (error) {
    if (error instanceof UniqueViolation)
      throw new AppError("This address got an account meanwhile: it cannot be yours too", {
        code: "conflict",
      });
    throw error;
  }
  if (!holder?.newEmail) throw new AppError("This link does not work: it was used already or has expired");
  if (mailEnabled()) {
    sendInBackground(
      "notice",
      accountNotice(
        holder.email,
        holder.tenantName,
        `Your sign-in email address was changed to ${holder.newEmail}`,
      ),
    );
  }
  return { email: holder.newEmail };
}
