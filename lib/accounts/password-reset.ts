/**
 * "Forgot your password?" for administrators. Asking for a reset answers the same whatever the
 * address (and is limited per address typed and per client address, whether or not it has an
 * account); the link is mailed in the background, works once, for RESET_MINUTES, and only its hash
 * is stored. Resetting ends every session of the admin and voids other reset links. Without SMTP
 * nothing can be mailed: the operator's CLI prints a link (`admin reset-link --email …`).
 */
import { endAllSessions } from "@/lib/auth/admin-sessions";
import { hashSecret } from "@/lib/auth/password";
import { RESET_MINUTES } from "@/lib/auth/constants";
import { reserveAccountMail } from "@/lib/auth/throttle";
import { audit } from "@/lib/audit/service";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { get, readWork, run } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { accountNotice, passwordResetMail } from "@/lib/mail/templates";
import { mailEnabled, sendInBackground } from "@/lib/mail/transport";
import { emailSchema, passwordSchema } from "@/lib/tenants/schemas";
import { parseField } from "./fields";
import { consumeAdminToken, findAdminToken, issueAdminToken } from "./tokens";

const resetUrl = (token: string) => `${appUrl()}/reset-password/${token}`;

type Holder = { id: string; tenantId: string; tenantName: string; email: string };

function* adminByEmail(email: string) {
  return yield* get<Holder>(
    `SELECT a.id, a."tenantId", t.name AS "tenantName", a.email FROM "Admin" a JOIN "Tenant" t ON t.id = a."tenantId" WHERE a."emailLower" = ?`,
    [email.trim().toLowerCase()],
  );
}

/** A new reset link for the account of `email` (voiding earlier ones), or null when it has none. */
async function issueReset(email: string) {
  const { sql } = await db();
  return sql.tx(function* () {
    const admin = yield* adminByEmail(email);
    if (!admin) return null;
    return { admin, ...(yield* issueAdminToken(admin, "password_reset", RESET_MINUTES)) };
  });
}

/**
 * Asks for a reset link for `email` from client `address`. Returns whether mail is sent at all (no
 * SMTP: nothing happens); never whether the address has an account.
 */
export async function requestPasswordReset(email: string, address: string): Promise<{ mailed: boolean }> {
  const typed = parseField("email", emailSchema, email);
  if (!mailEnabled()) return { mailed: false };
  const gate = await reserveAccountMail(typed, address);
  if (!gate.ok) {
    throw new AppError(
      `Too many reset requests. Try again in ${Math.ceil(gate.retryAfterSeconds / 60)} minutes.`,
      {
        code: "rate_limited",
      },
    );
  }
  sendInBackground("password-reset", async () => {
    const issued = await issueReset(typed);
    return issued
      ? passwordResetMail(issued.admin.email, issued.admin.tenantName, resetUrl(issued.token), RESET_MINUTES)
      : null;
  });
  return { mailed: true };
}

/** A reset link for the operator's CLI to pass on (no mail); null when the email has no account. */
export async function resetLinkFor(
  email: string,
): Promise<{ adminId: string; link: string; expiresAt: string } | null> {
  const issued = await issueReset(email);
  if (!issued) return null;
  return {
    adminId: issued.admin.id,
    link: resetUrl(issued.token),
    expiresAt: issued.expiresAt.toISOString(),
  };
}

/** Whose account a reset link is for, while it works (for the reset page). */
export async function findPasswordReset(
  token: string,
): Promise<{ email: string; tenantName: string } | null> {
  const { sql } = await db();
  const holder = await readWork(sql, findAdminToken(token, "password_reset"));
  return holder ? { email: holder.email, tenantName: holder.tenantName } : null;
}

/** Sets a new password through a reset link: the link is used up and every session ends. */
export async function resetPassword(token: string, password: string): Promise<{ email: string }> {
  const hash = await hashSecret(parseField("password", passwordSchema, password));
  const { sql } = await db();
  const holder = await sql.tx(function* () {
    const found = yield* consumeAdminToken(token, "password_reset");
    if (!found) return undefined;
    yield* run(`UPDATE "Admin" SET "passwordHash" = ? WHERE "tenantId" = ? AND id = ?`, [
      hash,
      found.tenantId,
      found.adminId,
    ]);
    yield* audit({
      tenantId: found.tenantId,
      actor: { adminId: found.adminId, label: found.email },
      action: "admin.password_reset",
      target: found.email,
    });
    return found;
  });
  if (!holder) throw new AppError("This reset link does not work: it was used already or has expired");
  await endAllSessions(holder.adminId);
  if (mailEnabled()) {
    sendInBackground(
      "notice",
      accountNotice(holder.email, holder.tenantName, "Your password was reset through a link mailed to you"),
    );
  }
  return { email: holder.email };
}
