/**
 * Admin sessions that end on the server. The session cookie stays next-auth's encrypted JWT, but
 * it names a row in `AdminSession` (`sid`), and an admin is served only while that row exists and
 * has not expired. Checking costs one indexed look-up per request — the same statement that reads
 * the admin and the company name, which the portal needs anyway — so there is no cache to go stale:
 * ending a session takes effect at the next request on every instance.
 */
import { db } from "@/lib/db";
import { toDate } from "@/lib/db/sql";
import { newId } from "@/lib/ids";
import { ADMIN_SESSION_HOURS } from "@/lib/security/cookies";
import { roleOf, type AdminRole } from "./roles";

export type SessionAdmin = {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  adminView: string;
  role: AdminRole;
  createdAt: Date;
  tenantName: string;
};

/** Opens a session for an admin who just proved who they are; returns its id for the cookie. */
export async function startSession(
  admin: { id: string; tenantId: string },
  now = new Date(),
): Promise<string> {
  const { sql } = await db();
  const id = newId();
  // Expired sessions of this admin go as a new one starts, so the table holds live sessions only.
  await sql.run(`DELETE FROM "AdminSession" WHERE "adminId" = ? AND "expiresAt" <= ?`, [admin.id, now]);
  await sql.run(
    `INSERT INTO "AdminSession" ("tenantId", id, "adminId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?)`,
    [admin.tenantId, id, admin.id, now, new Date(now.getTime() + ADMIN_SESSION_HOURS * 3600_000)],
  );
  return id;
}

type Row = {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  adminView: string;
  role: string;
  createdAt: unknown;
  tenantName: string;
};

/** The admin a live session belongs to, with the company's name; null when it ended or expired. */
export async function sessionAdmin(
  tenantId: string,
  sessionId: string,
  adminId: string,
): Promise<SessionAdmin | null> {
  const { sql } = await db();
  const row = await sql.get<Row>(
    `SELECT a.id, a."tenantId", a.email, a.name, a."adminView", a.role, a."createdAt", t.name AS "tenantName"
       FROM "AdminSession" s
       JOIN "Admin" a ON a."tenantId" = s."tenantId" AND a.id = s."adminId"
       JOIN "Tenant" t ON t.id = s."tenantId"
      WHERE s."tenantId" = ? AND s.id = ? AND s."adminId" = ? AND s."expiresAt" > ?`,
    [tenantId, sessionId, adminId, new Date()],
  );
  if (!row) return null;
  return { ...row, role: roleOf(row.role), createdAt: toDate(row.createdAt) ?? new Date(0) };
}

/** Is this session still live? */
export async function sessionIsActive(
  tenantId: string,
  sessionId: string,
  adminId: string,
): Promise<boolean> {
  const { sql } = await db();
  const row = await sql.get<{ id: string }>(
    `SELECT id FROM "AdminSession" WHERE "tenantId" = ? AND id = ? AND "adminId" = ? AND "expiresAt" > ?`,
    [tenantId, sessionId, adminId, new Date()],
  );
  return row !== undefined;
}

/** Ends one session (sign out). */
export async function endSession(tenantId: string, sessionId: string): Promise<void> {
  const { sql } = await db();
  await sql.run(`DELETE FROM "AdminSession" WHERE "tenantId" = ? AND id = ?`, [tenantId, sessionId]);
}

/**
 * Ends every session of an admin: "sign out everywhere", and wherever an admin's access ends
 * (removed from the company, password reset). Returns how many were open.
 */
export async function endAllSessions(adminId: string): Promise<number> {
  const { sql } = await db();
  return (await sql.run(`DELETE FROM "AdminSession" WHERE "adminId" = ?`, [adminId])).changes;
}

/** Ends every session of an admin but the one in use (a changed password keeps this browser in). */
export async function endOtherSessions(adminId: string, keepSessionId: string): Promise<number> {
  const { sql } = await db();
  return (
    await sql.run(`DELETE FROM "AdminSession" WHERE "adminId" = ? AND id <> ?`, [adminId, keepSessionId])
  ).changes;
}
