/**
 * One-time links mailed to an administrator: a password reset, or the confirmation of a new email
 * address. A link is 256 random bits; only its SHA-256 is stored. An admin has at most one live link
 * per purpose (asking again replaces it), and using one deletes it in the transaction that makes
 * the change, so a link works once even when it is opened twice at the same moment.
 */
import { get, run, toDate, type Work } from "@/lib/db/sql";
import { newId } from "@/lib/ids";
import { hashToken, newLinkToken } from "@/lib/security/token-hash";

export type TokenPurpose = "password_reset" | "email_change";

export type AdminRef = { tenantId: string; id: string };

/** Issues a link token for an admin (replacing any earlier one of that purpose); returns it. */
export function* issueAdminToken(
  admin: AdminRef,
  purpose: TokenPurpose,
  minutes: number,
  newEmail: string | null = null,
  now = new Date(),
): Work<{ token: string; expiresAt: Date }> {
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + minutes * 60_000);
  // Links nobody used in time go as new ones are made, so the table holds live ones only.
  yield* run(`DELETE FROM "AdminToken" WHERE "expiresAt" <= ?`, [now]);
  yield* deleteAdminTokens(admin, purpose);
  yield* run(
    `INSERT INTO "AdminToken" ("tenantId", id, "adminId", purpose, "tokenHash", "newEmail", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [admin.tenantId, newId(), admin.id, purpose, hash, newEmail, now, expiresAt],
  );
  return { token, expiresAt };
}

/** Voids an admin's links of one purpose (a new password voids reset links sent earlier). */
export function* deleteAdminTokens(admin: AdminRef, purpose: TokenPurpose): Work<void> {
  yield* run(`DELETE FROM "AdminToken" WHERE "tenantId" = ? AND "adminId" = ? AND purpose = ?`, [
    admin.tenantId,
    admin.id,
    purpose,
  ]);
}

export type TokenHolder = {
  tenantId: string;
  adminId: string;
  email: string;
  name: string;
  tenantName: string;
  newEmail: string | null;
  expiresAt: Date;
};

type Row = Omit<TokenHolder, "expiresAt"> & { expiresAt: unknown };

/** The admin a live link belongs to, with their company's name; undefined when it does not work. */
export function* findAdminToken(
  token: string,
  purpose: TokenPurpose,
  now = new Date(),
): Work<TokenHolder | undefined> {
  const row = yield* get<Row>(
    `SELECT k."tenantId", k."adminId", a.email, a.name, t.name AS "tenantName", k."newEmail", k."expiresAt"
       FROM "AdminToken" k
       JOIN "Admin" a ON a."tenantId" = k."tenantId" AND a.id = k."adminId"
       JOIN "Tenant" t ON t.id = k."tenantId"
      WHERE k."tokenHash" = ? AND k.purpose = ? AND k."expiresAt" > ?`,
    [hashToken(token), purpose, now],
  );
  return row ? { ...row, expiresAt: toDate(row.expiresAt)! } : undefined;
}

/** Uses a link up, in the transaction of the change it makes: its holder, or undefined. */
export function* consumeAdminToken(token: string, purpose: TokenPurpose): Work<TokenHolder | undefined> {
  const holder = yield* findAdminToken(token, purpose);
  if (!holder) return undefined;
  yield* deleteAdminTokens({ tenantId: holder.tenantId, id: holder.adminId }, purpose);
  return holder;
}
