/**
 * Sign-up with a confirmed email address (docs/decisions/0017). Signing up creates nothing but a
 * pending sign-up and a message to the address: a link that creates the company and its first
 * administrator and signs in, or — when the address already has an account — a note saying so. The
 * answer is the same either way ("check your inbox"), costs the same work (the password is hashed;
 * the look-up, the insert and the message come after the answer), and counts against the same
 * limits, so signing up tells nobody which addresses have accounts.
 *
 * Without SMTP there is no inbox to send to: the answer carries what the message would have said
 * (the link, or that the address has an account), to pass on by hand. Such an installation confirms
 * nothing and hides nothing; the README says to configure SMTP wherever that matters.
 */
import { hashSecret } from "@/lib/auth/password";
import { signInFromAction } from "@/lib/auth/sso-session";
import { reserveAccountMail, reserveSignUp } from "@/lib/auth/throttle";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { get, run } from "@/lib/db/sql";
import { AppError, parseInput } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { existingAccountMail, verificationMail } from "@/lib/mail/templates";
import { mailEnabled, sendInBackground } from "@/lib/mail/transport";
import { hashToken, newLinkToken } from "@/lib/security/token-hash";
import { signUpSchema } from "@/lib/tenants/schemas";
import { insertCompany } from "@/lib/tenants/service";

/** How long a sign-up's confirmation link works. */
export const SIGN_UP_HOURS = 24;

export type SignUpOutcome =
  /** A message went (or is going) to the address: the same answer for every address. */
  | { mailed: true }
  /** No SMTP: the confirmation link, to open by hand. */
  | { mailed: false; confirmUrl: string }
  /** No SMTP: the address already has an account. */
  | { mailed: false; existingAccount: true };

function tooMany(seconds: number): AppError {
  return new AppError(
    `Too many sign-ups from your network. Try again in ${Math.ceil(seconds / 60)} minutes.`,
    {
      code: "rate_limited",
    },
  );
}

/** Records a sign-up and sends its message; `address` is the client's, for the limits. */
export async function requestSignUp(input: unknown, address: string): Promise<SignUpOutcome> {
  const data = parseInput(signUpSchema, input);
  const gate = await reserveSignUp(address);
  if (!gate.ok) throw tooMany(gate.retryAfterSeconds);
  const perRecipient = await reserveAccountMail(data.email, address);
  if (!perRecipient.ok) throw tooMany(perRecipient.retryAfterSeconds);
  const passwordHash = await hashSecret(data.password);
  const { token, hash } = newLinkToken();
  const now = new Date();
  const { sql } = await db();
  const record = () =>
    sql.tx(function* () {
      // Sign-ups nobody confirmed in time go as new ones come, so the table holds live ones only.
      yield* run(`DELETE FROM "PendingSignUp" WHERE "expiresAt" <= ?`, [now]);
      const admin = yield* get<{ tenantName: string }>(
        `SELECT t.name AS "tenantName" FROM "Admin" a JOIN "Tenant" t ON t.id = a."tenantId" WHERE a."emailLower" = ?`,
        [data.email.toLowerCase()],
      );
      if (admin) return admin;
      yield* run(
        `INSERT INTO "PendingSignUp" (id, "tokenHash", email, "companyName", name, "passwordHash", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          newId(),
          hash,
          data.email,
          data.companyName,
          data.name,
          passwordHash,
          now,
          new Date(now.getTime() + SIGN_UP_HOURS * 3_600_000),
        ],
      );
      return null;
    });
  const confirmUrl = `${appUrl()}/signup/confirm/${token}`;
  if (!mailEnabled()) {
    const existing = await record();
    return existing ? { mailed: false, existingAccount: true } : { mailed: false, confirmUrl };
  }
  // The answer waits for nothing that depends on the address: the look-up, the insert and the
  // message all come after it.
  sendInBackground("verification", async () => {
    const existing = await record();
    return existing
      ? existingAccountMail(
          data.email,
          existing.tenantName,
          `${appUrl()}/signin`,
          `${appUrl()}/forgot-password`,
        )
      : verificationMail(data.email, data.companyName, confirmUrl, SIGN_UP_HOURS);
  });
  return { mailed: true };
}

type Pending = { id: string; email: string; companyName: string; name: string; passwordHash: string };

/** The sign-up a confirmation link belongs to, while it works (for the confirmation page). */
export async function findPendingSignUp(
  token: string,
): Promise<{ email: string; companyName: string } | null> {
  const { sql } = await db();
  const row = await sql.get<Pending>(
    `SELECT email, "companyName" FROM "PendingSignUp" WHERE "tokenHash" = ? AND "expiresAt" > ?`,
    [hashToken(token), new Date()],
  );
  return row ? { email: row.email, companyName: row.companyName } : null;
}

/**
 * Confirms a sign-up: the link is used up, the company and its first administrator are created,
 * and this browser is signed in. An address that got an account meanwhile (another sign-up of it
 * confirmed first, an invitation accepted) is refused.
 */
export async function confirmSignUp(token: string): Promise<void> {
  const { sql } = await db();
  const pending = await sql.tx(function* () {
    const row = yield* get<Pending>(
      `SELECT id, email, "companyName", name, "passwordHash" FROM "PendingSignUp" WHERE "tokenHash" = ? AND "expiresAt" > ?`,
      [hashToken(token), new Date()],
    );
    if (!row) return null;
    // Used once. Other sign-ups of the same address stay, and fail as taken if confirmed later.
    yield* run(`DELETE FROM "PendingSignUp" WHERE id = ?`, [row.id]);
    return row;
  });
  if (!pending) throw new AppError("This link does not work: it was used already or has expired");
  const { tenantId, adminId } = await insertCompany(
    pending.companyName,
    { email: pending.email, name: pending.name, passwordHash: pending.passwordHash },
    "signed up (address confirmed)",
  );
  await signInFromAction(
    { id: adminId, tenantId, email: pending.email, name: pending.name },
    "after confirming their sign-up",
  );
}
