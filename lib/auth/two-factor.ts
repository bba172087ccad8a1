/**
 * Two-factor sign-in for administrators: an authenticator app (TOTP, RFC 6238, through otpauth)
 * with ten single-use recovery codes, and passkeys (lib/auth/passkeys.ts).
 *
 * - The TOTP secret is sealed (AES-256-GCM, lib/security/encryption.ts) with the admin's id as
 *   additional data; it counts once the admin has typed a code from it. A code is accepted one
 *   step either side of now, and never twice: the step of the last accepted code is kept.
 * - Recovery codes are 10 random characters each, kept as SHA-256 (they are random, like tokens),
 *   each usable once; new ones replace the old.
 * - A session started with a password, for an admin with a second factor, is pending until the
 *   factor is given (AdminSession.pendingFactor): it opens nothing but the second-factor page.
 *   Five wrong codes in one session end it.
 */
import { randomInt } from "node:crypto";
import * as OTPAuth from "otpauth";
import QRCode from "qrcode";
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { get, run, toDate } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { seal, unseal } from "@/lib/security/encryption";
import { hashToken } from "@/lib/security/token-hash";

const ISSUER = "Rollcall";
const PERIOD = 30;
const RECOVERY_CODES = 10;
const MAX_FAILURES = 5;

type Admin = { id: string; tenantId: string; email: string };

const actorOf = (admin: Admin): Actor => ({ adminId: admin.id, label: admin.email });

function totpOf(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

const sealed = (secret: string, adminId: string) => seal(secret, "admin totp secrets", adminId);
const opened = (value: string, adminId: string) => unseal(value, "admin totp secrets", adminId);

export type TwoFactorStatus = {
  totp: boolean;
  recoveryCodesLeft: number;
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
};

export async function twoFactorStatus(admin: { id: string; tenantId: string }): Promise<TwoFactorStatus> {
  const { sql } = await db();
  const row = await sql.get<{ totpEnabledAt: unknown }>(
    `SELECT "totpEnabledAt" FROM "Admin" WHERE "tenantId" = ? AND id = ?`,
    [admin.tenantId, admin.id],
  );
  const codes = await sql.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM "AdminRecoveryCode" WHERE "tenantId" = ? AND "adminId" = ? AND "usedAt" IS NULL`,
    [admin.tenantId, admin.id],
  );
  const passkeys = await sql.all<{ id: string; name: string; createdAt: unknown; lastUsedAt: unknown }>(
    `SELECT id, name, "createdAt", "lastUsedAt" FROM "AdminPasskey" WHERE "tenantId" = ? AND "adminId" = ? ORDER BY "createdAt"`,
    [admin.tenantId, admin.id],
  );
  return {
    totp: toDate(row?.totpEnabledAt) !== null,
    recoveryCodesLeft: Number(codes?.n ?? 0),
    passkeys: passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      createdAt: toDate(p.createdAt)!,
      lastUsedAt: toDate(p.lastUsedAt),
    })),
  };
}

export type TotpEnrolment = { secret: string; uri: string; qrCode: string };

/** A new secret to scan (kept, sealed, until confirmed by a code); refused while one is on. */
export async function startTotpEnrolment(admin: Admin): Promise<TotpEnrolment> {
  if ((await twoFactorStatus(admin)).totp) {
    throw new AppError("An authenticator app is already set up: turn it off first to use another");
  }
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const { sql } = await db();
  await sql.run(
    `UPDATE "Admin" SET "totpSecret" = ?, "totpLastStep" = NULL WHERE "tenantId" = ? AND id = ?`,
    [sealed(secret, admin.id), admin.tenantId, admin.id],
  );
  const uri = totpOf(secret, admin.email).toString();
  return { secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

const CODE = /^\d{6}$/;

/**
 * Checks a code against the admin's secret (`enabled`: only a confirmed one) and, when it is good,
 * keeps its step so it cannot be used again. Returns whether it was accepted.
 */
function* acceptTotp(admin: Admin, code: string, enabled: boolean, now: number) {
  const row = yield* get<{ totpSecret: string | null; totpEnabledAt: unknown; totpLastStep: number | null }>(
    `SELECT "totpSecret", "totpEnabledAt", "totpLastStep" FROM "Admin" WHERE "tenantId" = ? AND id = ?`,
    [admin.tenantId, admin.id],
  );
  if (!row?.totpSecret || (enabled && toDate(row.totpEnabledAt) === null)) return false;
  const token = code.replace(/\s/g, "");
  if (!CODE.test(token)) return false;
  const delta = totpOf(opened(row.totpSecret, admin.id), admin.email).validate({
    token,
    timestamp: now,
    window: 1,
  });
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  if (row.totpLastStep !== null && step <= Number(row.totpLastStep)) return false;
  yield* run(`UPDATE "Admin" SET "totpLastStep" = ? WHERE "tenantId" = ? AND id = ?`, [
    step,
    admin.tenantId,
    admin.id,
  ]);
  return true;
}

function newRecoveryCode(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Ten new recovery codes in place of the old ones, in the caller's transaction; shown once. */
function* replaceRecoveryCodes(admin: Admin) {
  yield* run(`DELETE FROM "AdminRecoveryCode" WHERE "tenantId" = ? AND "adminId" = ?`, [
    admin.tenantId,
    admin.id,
  ]);
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  for (const code of codes) {
    yield* run(
      `INSERT INTO "AdminRecoveryCode" ("tenantId", id, "adminId", "codeHash", "createdAt") VALUES (?, ?, ?, ?, ?)`,
      [admin.tenantId, newId(), admin.id, hashToken(normalCode(code)), new Date()],
    );
  }
  return codes;
}

const normalCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Turns the authenticator app on with a first code from it; answers the recovery codes. */
export async function confirmTotp(admin: Admin, code: string, now = Date.now()): Promise<string[]> {
  const { sql } = await db();
  const codes = await sql.tx(function* () {
    if (!(yield* acceptTotp(admin, String(code), false, now))) return null;
    yield* run(`UPDATE "Admin" SET "totpEnabledAt" = ? WHERE "tenantId" = ? AND id = ?`, [
      new Date(now),
      admin.tenantId,
      admin.id,
    ]);
    yield* audit({ tenantId: admin.tenantId, actor: actorOf(admin), action: "admin.totp_enabled" });
    return yield* replaceRecoveryCodes(admin);
  });
  if (!codes)
    throw new AppError("That code is not right: type the code your app shows now", { field: "code" });
  return codes;
}

/** Forgets the authenticator app and its recovery codes. */
function* removeTotp(admin: { id: string; tenantId: string }) {
  yield* run(
    `UPDATE "Admin" SET "totpSecret" = NULL, "totpEnabledAt" = NULL, "totpLastStep" = NULL WHERE "tenantId" = ? AND id = ?`,
    [admin.tenantId, admin.id],
  );
  yield* run(`DELETE FROM "AdminRecoveryCode" WHERE "tenantId" = ? AND "adminId" = ?`, [
    admin.tenantId,
    admin.id,
  ]);
}

/** Turns the authenticator app off (a current code required); its recovery codes go with it. */
export async function disableTotp(admin: Admin, code: string, now = Date.now()): Promise<void> {
  const { sql } = await db();
  const done = await sql.tx(function* () {
    if (!(yield* acceptTotp(admin, String(code), true, now))) return false;
    yield* removeTotp(admin);
    yield* audit({ tenantId: admin.tenantId, actor: actorOf(admin), action: "admin.totp_disabled" });
    return true;
  });
  if (!done)
    throw new AppError("That code is not right: type the code your app shows now", { field: "code" });
}

/** New recovery codes (the old ones stop working); only with the authenticator app on. */
export async function regenerateRecoveryCodes(admin: Admin): Promise<string[]> {
  if (!(await twoFactorStatus(admin)).totp) throw new AppError("Set up an authenticator app first");
  const { sql } = await db();
  return sql.tx(function* () {
    const codes = yield* replaceRecoveryCodes(admin);
    yield* audit({ tenantId: admin.tenantId, actor: actorOf(admin), action: "admin.recovery_codes_renewed" });
    return codes;
  });
}

export type PendingSession = Admin & { sessionId: string };

/**
 * The second step of a password sign-in: an authenticator code or a recovery code. Success makes
 * the session whole; a wrong code counts, and the fifth ends the session.
 */
export async function passSecondFactor(
  session: PendingSession,
  input: { code: string; kind: "totp" | "recovery" },
  now = Date.now(),
): Promise<void> {
  const { sql } = await db();
  const code = String(input.code ?? "");
  const outcome = await sql.tx(function* () {
    let ok: boolean;
    if (input.kind === "recovery") {
      const used = yield* run(
        `UPDATE "AdminRecoveryCode" SET "usedAt" = ? WHERE "tenantId" = ? AND "adminId" = ? AND "codeHash" = ? AND "usedAt" IS NULL`,
        [new Date(now), session.tenantId, session.id, hashToken(normalCode(code))],
      );
      ok = used.changes === 1;
    } else {
      ok = yield* acceptTotp(session, code, true, now);
    }
    if (ok) {
      yield* completeSession(
        session,
        input.kind === "recovery" ? "a recovery code" : "an authenticator code",
      );
      return "passed" as const;
    }
    yield* run(
      `UPDATE "AdminSession" SET "factorFailures" = "factorFailures" + 1 WHERE "tenantId" = ? AND id = ?`,
      [session.tenantId, session.sessionId],
    );
    yield* audit({
      tenantId: session.tenantId,
      actor: actorOf(session),
      action: "admin.second_factor_failed",
      detail: input.kind === "recovery" ? "wrong recovery code" : "wrong authenticator code",
    });
    const row = yield* get<{ factorFailures: number }>(
      `SELECT "factorFailures" FROM "AdminSession" WHERE "tenantId" = ? AND id = ?`,
      [session.tenantId, session.sessionId],
    );
    if (Number(row?.factorFailures ?? 0) >= MAX_FAILURES) {
      yield* run(`DELETE FROM "AdminSession" WHERE "tenantId" = ? AND id = ?`, [
        session.tenantId,
        session.sessionId,
      ]);
      return "ended" as const;
    }
    return "wrong" as const;
  });
  if (outcome === "ended") {
    throw new AppError("Too many wrong codes: sign in again", { code: "rate_limited" });
  }
  if (outcome === "wrong") {
    throw new AppError(
      input.kind === "recovery"
        ? "That recovery code is not right, or was used already"
        : "That code is not right: type the code your app shows now",
      { field: "code" },
    );
  }
}

/** Makes a pending session whole and records the sign-in, in the caller's transaction. */
export function* completeSession(session: PendingSession, factor: string) {
  yield* run(`UPDATE "AdminSession" SET "pendingFactor" = ? WHERE "tenantId" = ? AND id = ?`, [
    false,
    session.tenantId,
    session.sessionId,
  ]);
  yield* audit({
    tenantId: session.tenantId,
    actor: actorOf(session),
    action: "admin.signed_in",
    detail: `with a password and ${factor}`,
  });
}

/** Whether the admin has a second factor (an authenticator app or a passkey). */
export function* hasSecondFactor(admin: { id: string; tenantId: string }) {
  const row = yield* get<{ n: number }>(
    `SELECT (SELECT COUNT(*) FROM "Admin" WHERE "tenantId" = ? AND id = ? AND "totpEnabledAt" IS NOT NULL)
          + (SELECT COUNT(*) FROM "AdminPasskey" WHERE "tenantId" = ? AND "adminId" = ?) AS n`,
    [admin.tenantId, admin.id, admin.tenantId, admin.id],
  );
  return Number(row?.n ?? 0) > 0;
}

/**
 * Removes every second factor of an admin: the authenticator app, its recovery codes and the
 * passkeys (an owner's reset, lib/tenants/service.ts). Whether there was anything to remove.
 */
export function* removeSecondFactors(admin: { id: string; tenantId: string }) {
  const had = yield* hasSecondFactor(admin);
  yield* removeTotp(admin);
  yield* run(`DELETE FROM "AdminPasskey" WHERE "tenantId" = ? AND "adminId" = ?`, [admin.tenantId, admin.id]);
  return had;
}

/** The tenant setting: every administrator must have a second factor (an owner's decision). */
export async function setRequireTwoFactor(tenantId: string, actor: Actor, on: boolean): Promise<void> {
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(`UPDATE "Tenant" SET "requireTwoFactor" = ? WHERE id = ?`, [on, tenantId]);
    yield* audit({
      tenantId,
      actor,
      action: on ? "tenant.two_factor_required" : "tenant.two_factor_optional",
    });
  });
}

export async function requiresTwoFactor(tenantId: string): Promise<boolean> {
  const { sql } = await db();
  const row = await sql.get<{ requireTwoFactor: unknown }>(
    `SELECT "requireTwoFactor" FROM "Tenant" WHERE id = ?`,
    [tenantId],
  );
  return row?.requireTwoFactor === true || row?.requireTwoFactor === 1;
}
