/**
 * Operator console sessions, kept apart from administrators' next-auth sessions (decision 0012): a
 * random token in the operator's cookie, only its SHA-256 in `OperatorSession`. Every console page
 * and server action reads the session with its operator in one indexed statement (no cache), so a
 * session that was signed out, or whose operator was removed or given a new password, ends on every
 * instance at the next request. Sessions last OPERATOR_SESSION_HOURS from sign-in.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { run } from "@/lib/db/sql";
import { newId } from "@/lib/ids";
import { OPERATOR_SESSION_HOURS } from "@/lib/security/cookies";
import { hashToken } from "@/lib/security/token-hash";

export const OPERATOR_TOKEN_PREFIX = "rco_";
const TOKEN_RE = /^rco_[A-Za-z0-9_-]{43}$/;

export type SessionOperator = { id: string; email: string; name: string; sessionId: string };

/** Opens a session for an operator who just proved who they are; returns the cookie's token. */
export async function startOperatorSession(operatorId: string, now = new Date()): Promise<string> {
  const token = OPERATOR_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + OPERATOR_SESSION_HOURS * 3600_000);
  const { sql } = await db();
  await sql.tx(function* () {
    // Expired sessions of this operator go as a new one starts: the table holds live sessions only.
    yield* run(`DELETE FROM "OperatorSession" WHERE "operatorId" = ? AND "expiresAt" <= ?`, [
      operatorId,
      now,
    ]);
    yield* run(
      `INSERT INTO "OperatorSession" (id, "tokenHash", "operatorId", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?)`,
      [newId(), hashToken(token), operatorId, now, expiresAt],
    );
    yield* run(`UPDATE "Operator" SET "lastSignInAt" = ? WHERE id = ?`, [now, operatorId]);
  });
  return token;
}

/** The operator a live session belongs to; null when the token is malformed, unknown, ended or expired. */
export async function sessionOperator(token: string | undefined): Promise<SessionOperator | null> {
  if (!token || !TOKEN_RE.test(token)) return null;
  const { sql } = await db();
  const row = await sql.get<SessionOperator>(
    `SELECT o.id, o.email, o.name, s.id AS "sessionId"
       FROM "OperatorSession" s JOIN "Operator" o ON o.id = s."operatorId"
      WHERE s."tokenHash" = ? AND s."expiresAt" > ?`,
    [hashToken(token), new Date()],
  );
  return row ?? null;
}

/** Ends one session (sign out). */
export async function endOperatorSession(token: string | undefined): Promise<void> {
  if (!token || !TOKEN_RE.test(token)) return;
  const { sql } = await db();
  await sql.run(`DELETE FROM "OperatorSession" WHERE "tokenHash" = ?`, [hashToken(token)]);
}
