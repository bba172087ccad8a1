/**
 * Operator accounts: the people of the company running Rollcall (the SaaS vendor) who use the
 * operator console. Created, listed, removed and given a new password by the CLI only — there is no
 * sign-up and no way to create an operator from a tenant's portal.
 *
 * The CLI generates each password (144 random bits) and prints it once; only its argon2id hash is
 * stored. Removing an operator or resetting their password ends every session they have.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { hashSecret, verifySecret } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { run, toDate, UniqueViolation } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { emailSchema, personNameSchema } from "@/lib/tenants/schemas";

export type OperatorInfo = {
  operatorId: string;
  email: string;
  name: string;
  createdAt: string;
  lastSignInAt: string | null;
  activeSessions: number;
};

const newOperatorSchema = z.object({ email: emailSchema, name: personNameSchema });

/** A generated password: 144 random bits as 24 URL-safe characters. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

function invalid(error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  return new AppError(issue.message, { field: String(issue.path[0] ?? "") });
}

/** Creates an operator; returns the generated password — the only time it is ever shown. */
export async function createOperator(input: {
  email: string;
  name: string;
}): Promise<{ operatorId: string; password: string }> {
  const parsed = newOperatorSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { email, name } = parsed.data;
  const password = generatePassword();
  const operatorId = newId();
  const { sql } = await db();
  try {
    await sql.run(
      `INSERT INTO "Operator" (id, email, "emailLower", name, "passwordHash", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
      [operatorId, email, email.toLowerCase(), name, await hashSecret(password), new Date()],
    );
  } catch (error) {
    if (error instanceof UniqueViolation)
      throw new AppError("An operator with this email already exists", { field: "email", code: "conflict" });
    throw error;
  }
  return { operatorId, password };
}

type Row = {
  id: string;
  email: string;
  name: string;
  createdAt: unknown;
  lastSignInAt: unknown;
  sessions: number | string;
};

export async function listOperators(now = new Date()): Promise<OperatorInfo[]> {
  const { sql } = await db();
  const rows = await sql.all<Row>(
    `SELECT o.id, o.email, o.name, o."createdAt", o."lastSignInAt",
            (SELECT COUNT(*) FROM "OperatorSession" s WHERE s."operatorId" = o.id AND s."expiresAt" > ?) AS sessions
       FROM "Operator" o ORDER BY o."createdAt", o.id`,
    [now],
  );
  return rows.map((r) => ({
    operatorId: r.id,
    email: r.email,
    name: r.name,
    createdAt: toDate(r.createdAt)!.toISOString(),
    lastSignInAt: toDate(r.lastSignInAt)?.toISOString() ?? null,
    activeSessions: Number(r.sessions),
  }));
}

/** An operator named by id or by email (case-insensitive); AppError when there is none. */
export async function findOperator(ref: { operatorId?: string; email?: string }): Promise<{ id: string }> {
  const { sql } = await db();
  const row = ref.operatorId
    ? await sql.get<{ id: string }>(`SELECT id FROM "Operator" WHERE id = ?`, [ref.operatorId])
    : await sql.get<{ id: string }>(`SELECT id FROM "Operator" WHERE "emailLower" = ?`, [
        (ref.email ?? "").trim().toLowerCase(),
      ]);
  if (!row) {
    throw new AppError(
      ref.operatorId ? `No operator with id ${ref.operatorId}` : `No operator with email ${ref.email}`,
      { field: ref.operatorId ? "operatorId" : "email", code: "not_found" },
    );
  }
  return row;
}

/** Removes an operator and ends all their sessions (at once, on every instance). */
export async function removeOperator(operatorId: string): Promise<{ sessionsEnded: number }> {
  const { sql } = await db();
  return sql.tx(function* () {
    const ended = yield* run(`DELETE FROM "OperatorSession" WHERE "operatorId" = ?`, [operatorId]);
    const removed = yield* run(`DELETE FROM "Operator" WHERE id = ?`, [operatorId]);
    if (removed.changes === 0)
      throw new AppError(`No operator with id ${operatorId}`, { field: "operatorId", code: "not_found" });
    return { sessionsEnded: ended.changes };
  });
}

/** Gives an operator a new generated password (shown once) and ends all their sessions. */
export async function resetOperatorPassword(
  operatorId: string,
): Promise<{ password: string; sessionsEnded: number }> {
  const password = generatePassword();
  const passwordHash = await hashSecret(password);
  const { sql } = await db();
  return sql.tx(function* () {
    const updated = yield* run(`UPDATE "Operator" SET "passwordHash" = ? WHERE id = ?`, [
      passwordHash,
      operatorId,
    ]);
    if (updated.changes === 0)
      throw new AppError(`No operator with id ${operatorId}`, { field: "operatorId", code: "not_found" });
    const ended = yield* run(`DELETE FROM "OperatorSession" WHERE "operatorId" = ?`, [operatorId]);
    return { password, sessionsEnded: ended.changes };
  });
}

export type VerifiedOperator = { id: string; email: string; name: string };

let dummyHash: Promise<string> | undefined;

/** Checks an operator's email and password; null when either is wrong (never says which). */
export async function verifyOperatorPassword(
  email: string,
  password: string,
): Promise<VerifiedOperator | null> {
  const { sql } = await db();
  const row = await sql.get<{ id: string; email: string; name: string; passwordHash: string }>(
    `SELECT id, email, name, "passwordHash" FROM "Operator" WHERE "emailLower" = ?`,
    [email.trim().toLowerCase()],
  );
  if (!row) {
    // Spend the time of a real check, so the response time does not tell which emails exist.
    dummyHash ??= hashSecret(generatePassword());
    await verifySecret(await dummyHash, password);
    return null;
  }
  if (!(await verifySecret(row.passwordHash, password))) return null;
  return { id: row.id, email: row.email, name: row.name };
}
