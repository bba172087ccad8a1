/**
 * Browser sessions of provisioned users (separate from admin sessions: an end user's cookie never
 * opens an admin page). The cookie holds a random token; the database keeps its SHA-256. Every read
 * re-checks the user, so a user disabled or deleted through SCIM is signed out at the next request.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { toBool } from "@/lib/db/sql";
import { USER_SESSION_HOURS } from "@/lib/security/cookies";
import { hashToken } from "@/lib/security/token-hash";

export async function createUserSession(tenantId: string, userId: string, idpId: string): Promise<string> {
  const token = `rcu_${randomBytes(32).toString("base64url")}`;
  const { sql } = await db();
  const now = new Date();
  await sql.run(
    `INSERT INTO "UserSession" ("tenantId", id, "tokenHash", "userId", "idpId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      tenantId,
      newId(),
      hashToken(token),
      userId,
      idpId,
      now,
      new Date(now.getTime() + USER_SESSION_HOURS * 3600_000),
    ],
  );
  return token;
}

export type AccountSession =
  | { state: "active"; tenantId: string; userId: string; idpId: string }
  | { state: "disabled" }
  | { state: "none" };

export async function readUserSession(token: string | undefined): Promise<AccountSession> {
  if (!token || !token.startsWith("rcu_") || token.length > 100) return { state: "none" };
  const { sql } = await db();
  const row = await sql.get<{ tenantId: string; userId: string; idpId: string; active: unknown }>(
    `SELECT s."tenantId", s."userId", s."idpId", u.active FROM "UserSession" s
     JOIN "ScimUser" u ON u."tenantId" = s."tenantId" AND u.id = s."userId"
     WHERE s."tokenHash" = ? AND s."expiresAt" > ?`,
    [hashToken(token), new Date()],
  );
  if (!row) return { state: "none" };
  if (!toBool(row.active)) {
    await sql.run(`DELETE FROM "UserSession" WHERE "tenantId" = ? AND "userId" = ?`, [
      row.tenantId,
      row.userId,
    ]);
    return { state: "disabled" };
  }
  return { state: "active", tenantId: row.tenantId, userId: row.userId, idpId: row.idpId };
}

export async function endUserSession(token: string | undefined): Promise<void> {
  if (!token) return;
  const { sql } = await db();
  await sql.run(`DELETE FROM "UserSession" WHERE "tokenHash" = ?`, [hashToken(token)]);
}
