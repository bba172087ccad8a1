/**
 * Admin sessions that end on the server. The session cookie stays next-auth's encrypted JWT, but
 * it names a row in `AdminSession` (`sid`), and an admin is served only while that row exists and
 * has not expired. Checking costs one indexed look-up per request — the same statement that reads
 * the admin and the company name, which the portal needs anyway — so there is no cache to go stale:
 * ending a session takes effect at the next request on every instance.
 */
import { headers } from "next/headers";
import { audit } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run, toBool, toDate } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { clientIp } from "@/lib/security/rate-limit";
import { ADMIN_SESSION_HOURS } from "@/lib/security/cookies";
import { roleOf, type AdminRole } from "./roles";
import { hasSecondFactor } from "./two-factor";

export type SessionAdmin = {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  adminView: string;
  role: AdminRole;
  createdAt: Date;
  tenantName: string;
  /** Signed in with a password; the second factor is still to come. */
  pendingFactor: boolean;
  /** The company requires a second factor, and this admin has none yet: enrolment first. */
  mustEnrol: boolean;
};

/** Where this request comes from: the client address and the browser's own description. */
export async function requestClient(): Promise<{ address: string; userAgent: string }> {
  const h = await headers();
  return { address: clientIp(h), userAgent: (h.get("user-agent") ?? "").slice(0, 300) };
}

/**
 * Opens a session for an admin who just proved who they are (`how`: "with a password", "through
 * single sign-on"…) and records the sign-in in the audit log, with the client's address, in the
 * same transaction; returns the session's id for the cookie. With `askSecondFactor` (a password
 * sign-in), an admin who has a second factor gets a session that is pending until they give it.
 */
export async function startSession(
  admin: { id: string; tenantId: string; email: string },
  how: string,
  { askSecondFactor = false, now = new Date() }: { askSecondFactor?: boolean; now?: Date } = {},
): Promise<string> {
  const { sql } = await db();
  const id = newId();
  const client = await requestClient();
  await sql.tx(function* () {
    const pending = askSecondFactor && (yield* hasSecondFactor(admin));
    // Expired sessions of this admin go as a new one starts, so the table holds live sessions only.
    yield* run(`DELETE FROM "AdminSession" WHERE "adminId" = ? AND "expiresAt" <= ?`, [admin.id, now]);
    yield* run(
      `INSERT INTO "AdminSession" ("tenantId", id, "adminId", "createdAt", "expiresAt", "lastSeenAt", address, "userAgent", "pendingFactor")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        admin.tenantId,
        id,
        admin.id,
        now,
        new Date(now.getTime() + ADMIN_SESSION_HOURS * 3600_000),
        now,
        client.address,
        client.userAgent,
        pending,
      ],
    );
    yield* audit({
      tenantId: admin.tenantId,
      actor: { adminId: admin.id, label: admin.email },
      action: pending ? "admin.password_accepted" : "admin.signed_in",
      detail: how,
      address: client.address,
    });
  });
  return id;
}

/**
 * A failed sign-in to an existing admin's account goes to their company's audit log, with the
 * client's address (an address without an account has no company to tell).
 */
export async function recordFailedSignIn(email: string, address: string): Promise<void> {
  const { sql } = await db();
  await sql.tx(function* () {
    const admin = yield* get<{ id: string; tenantId: string; email: string }>(
      `SELECT id, "tenantId", email FROM "Admin" WHERE "emailLower" = ?`,
      [email.trim().toLowerCase()],
    );
    if (!admin) return;
    yield* audit({
      tenantId: admin.tenantId,
      actor: { adminId: admin.id, label: admin.email },
      action: "admin.sign_in_failed",
      detail: "wrong password",
      address,
    });
  });
}

export type AdminSessionView = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  address: string | null;
  userAgent: string | null;
  current: boolean;
};

/** An admin's live sessions, the most recently used first. */
export async function listSessions(
  admin: { tenantId: string; id: string; sessionId: string },
  now = new Date(),
): Promise<AdminSessionView[]> {
  const { sql } = await db();
  const rows = await sql.all<{
    id: string;
    createdAt: unknown;
    lastSeenAt: unknown;
    address: string | null;
    userAgent: string | null;
  }>(
    `SELECT id, "createdAt", "lastSeenAt", address, "userAgent" FROM "AdminSession"
      WHERE "tenantId" = ? AND "adminId" = ? AND "expiresAt" > ?`,
    [admin.tenantId, admin.id, now],
  );
  return rows
    .map((r) => {
      const createdAt = toDate(r.createdAt)!;
      return {
        id: r.id,
        createdAt,
        lastSeenAt: toDate(r.lastSeenAt) ?? createdAt,
        address: r.address,
        userAgent: r.userAgent,
        current: r.id === admin.sessionId,
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}

/** Ends one of the admin's own sessions (another browser); refused for a session not theirs. */
export async function endOwnSession(
  admin: { tenantId: string; id: string },
  sessionId: string,
): Promise<void> {
  const { sql } = await db();
  const ended = await sql.run(
    `DELETE FROM "AdminSession" WHERE "tenantId" = ? AND id = ? AND "adminId" = ?`,
    [admin.tenantId, sessionId, admin.id],
  );
  if (ended.changes === 0) throw new AppError("This session has already ended", { code: "not_found" });
}

/** How often a session's "last seen" is written: at most once a minute, not on every request. */
const LAST_SEEN_EVERY_MS = 60_000;

type Row = {
  lastSeenAt: unknown;
  pendingFactor: unknown;
  requireTwoFactor: unknown;
  hasFactor: unknown;
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
    `SELECT s."lastSeenAt", s."pendingFactor", t."requireTwoFactor",
            (a."totpEnabledAt" IS NOT NULL OR EXISTS (SELECT 1 FROM "AdminPasskey" p WHERE p."tenantId" = a."tenantId" AND p."adminId" = a.id)) AS "hasFactor",
            a.id, a."tenantId", a.email, a.name, a."adminView", a.role, a."createdAt", t.name AS "tenantName"
       FROM "AdminSession" s
       JOIN "Admin" a ON a."tenantId" = s."tenantId" AND a.id = s."adminId"
       JOIN "Tenant" t ON t.id = s."tenantId"
      WHERE s."tenantId" = ? AND s.id = ? AND s."adminId" = ? AND s."expiresAt" > ?`,
    [tenantId, sessionId, adminId, new Date()],
  );
  if (!row) return null;
  const now = Date.now();
  if (now - (toDate(row.lastSeenAt)?.getTime() ?? 0) > LAST_SEEN_EVERY_MS) {
    await sql.run(`UPDATE "AdminSession" SET "lastSeenAt" = ? WHERE "tenantId" = ? AND id = ?`, [
      new Date(now),
      tenantId,
      sessionId,
    ]);
  }
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    name: row.name,
    adminView: row.adminView,
    role: roleOf(row.role),
    createdAt: toDate(row.createdAt) ?? new Date(0),
    tenantName: row.tenantName,
    pendingFactor: toBool(row.pendingFactor),
    mustEnrol: toBool(row.requireTwoFactor) && !toBool(row.hasFactor),
  };
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
