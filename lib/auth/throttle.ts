/**
 * Admin sign-in and sign-up throttling.
 *
 * Every sign-in attempt first reserves a place under each of its limits, atomically in the database
 * (one transaction; on PostgreSQL shared by every instance), and only then is the password checked:
 * a parallel burst gets exactly as many checks as the limits leave, whichever instance serves it.
 * A wrong password keeps its reservations; a right one gives them back.
 *
 * - per account and address (SIGNIN_MAX_FAILURES, 5 per 15 min): guessing from one place pauses
 *   that account there, even with the right password — and only there;
 * - per address (SIGNIN_MAX_FAILURES_PER_IP, 50 per 15 min; IPv6 per /64), whichever accounts;
 * - per account from all addresses (SIGNIN_MAX_FAILURES_PER_EMAIL, 100 per 15 min), a much
 *   higher bound against spraying one account from many addresses. A browser that has signed in to
 *   the account before (it carries a "known device" cookie for it) is exempt, so an attacker
 *   elsewhere can never lock its owner out.
 *
 * Sign-ups are counted per address (SIGNUP_MAX_PER_IP, 20 per hour). Messages anyone may cause
 * (sign-up confirmations, password resets, email changes) are counted per recipient and address.
 *
 * Operators (the operator console, lib/operators) sign in under the same limits with counters of
 * their own (the "operator" realm): guessing an operator's password never pauses an administrator
 * with the same email or address, nor the other way round.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "@/lib/config";
import { db } from "@/lib/db";
import { get, run, type Work } from "@/lib/db/sql";
import { addressBucket } from "@/lib/security/client-address";
import { env } from "@/lib/env";

type Limit = { max: number; windowMs: number };

const FIFTEEN_MINUTES = 15 * 60_000;

export function signInLimits() {
  return {
    perAccountAndAddress: { max: env().SIGNIN_MAX_FAILURES, windowMs: FIFTEEN_MINUTES },
    perAddress: { max: env().SIGNIN_MAX_FAILURES_PER_IP, windowMs: FIFTEEN_MINUTES },
    perAccount: { max: env().SIGNIN_MAX_FAILURES_PER_EMAIL, windowMs: FIFTEEN_MINUTES },
    signUpsPerAddress: { max: env().SIGNUP_MAX_PER_IP, windowMs: 60 * 60_000 },
  } satisfies Record<string, Limit>;
}

type Slot = { key: string; windowStart: number; windowMs: number; max: number };

function slot(key: string, limit: Limit, now: number): Slot {
  return {
    key,
    windowStart: Math.floor(now / limit.windowMs) * limit.windowMs,
    windowMs: limit.windowMs,
    max: limit.max,
  };
}

const TAKE = `INSERT INTO "RateCounter" (key, "windowStart", count) VALUES (?, ?, 1)
  ON CONFLICT (key, "windowStart") DO UPDATE SET count = "RateCounter".count + 1
  WHERE "RateCounter".count < ?
  RETURNING count`;
const GIVE_BACK = `UPDATE "RateCounter" SET count = count - 1 WHERE key = ? AND "windowStart" = ? AND count > 0`;

/** Takes one place under every slot, or none: returns the slot that is full, or null. */
function* takeAll(slots: Slot[]): Work<Slot | null> {
  const taken: Slot[] = [];
  for (const s of slots) {
    const row = yield* get<{ count: number }>(TAKE, [s.key, s.windowStart, s.max]);
    if (!row) {
      for (const t of taken) yield* run(GIVE_BACK, [t.key, t.windowStart]);
      return s;
    }
    taken.push(s);
  }
  return null;
}

function* giveBackAll(slots: Slot[]): Work<void> {
  for (const s of slots) yield* run(GIVE_BACK, [s.key, s.windowStart]);
}

const PRUNE_EVERY_MS = 60_000;
const pruneState = globalThis as typeof globalThis & { __rollcallThrottlePrunedAt?: number };

async function pruneOldWindows(now: number): Promise<void> {
  if (now - (pruneState.__rollcallThrottlePrunedAt ?? 0) < PRUNE_EVERY_MS) return;
  pruneState.__rollcallThrottlePrunedAt = now;
  const { sql } = await db();
  await sql
    .run(
      `DELETE FROM "RateCounter" WHERE "windowStart" < ? AND (key LIKE 'signin-%' OR key LIKE 'signup-%')`,
      [now - 2 * 60 * 60_000],
    )
    .catch(() => undefined);
}

export type Reservation =
  | { ok: true; /** Gives the places back (the attempt was not a failure). */ release(): Promise<void> }
  | { ok: false; retryAfterSeconds: number };

async function reserve(slots: Slot[], now: number): Promise<Reservation> {
  const active = slots.filter((s) => s.max > 0);
  if (active.length === 0) return { ok: true, release: async () => undefined };
  const { sql } = await db();
  const full = await sql.tx(() => takeAll(active));
  void pruneOldWindows(now);
  if (full) {
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((full.windowStart + full.windowMs - now) / 1000)),
    };
  }
  let released = false;
  return {
    ok: true,
    async release() {
      if (released) return;
      released = true;
      await sql.tx(() => giveBackAll(active));
    },
  };
}

const normalEmail = (email: string) => email.trim().toLowerCase();

/** Whose sign-in: a tenant's administrator, or an operator of the console. Separate counters. */
export type SignInRealm = "admin" | "operator";

/** The counters' key prefix (every one starts with `signin-`, so old windows are pruned alike). */
const KEY_PREFIX: Record<SignInRealm, string> = { admin: "signin", operator: "signin-operator" };

/**
 * Reserves one sign-in attempt for `email` from `address` before the password is checked. The
 * per-account bound does not apply to a known device of this account.
 */
export async function reserveSignInAttempt(
  email: string,
  address: string,
  { knownDevice = false, realm = "admin" }: { knownDevice?: boolean; realm?: SignInRealm } = {},
  now = Date.now(),
): Promise<Reservation> {
  const limits = signInLimits();
  const account = normalEmail(email);
  const bucket = addressBucket(address);
  const prefix = KEY_PREFIX[realm];
  const slots = [
    slot(`${prefix}-pair:${account}|${bucket}`, limits.perAccountAndAddress, now),
    slot(`${prefix}-ip:${bucket}`, limits.perAddress, now),
    ...(knownDevice ? [] : [slot(`${prefix}-email:${account}`, limits.perAccount, now)]),
  ];
  return reserve(slots, now);
}

/** Counts one sign-up from `address`; refused when the address is over its bound. */
export async function reserveSignUp(address: string, now = Date.now()): Promise<Reservation> {
  return reserve([slot(`signup-ip:${addressBucket(address)}`, signInLimits().signUpsPerAddress, now)], now);
}

/**
 * Counts one message about an account that someone who need not be signed in can have sent (a
 * password reset link, a sign-up's confirmation, an email change's): per recipient address
 * (SIGNIN_MAX_FAILURES per 15 minutes, so nobody's inbox can be flooded) and per client address
 * (SIGNIN_MAX_FAILURES_PER_IP). Keyed by the address typed, whether or not it has an account, so
 * the answer never depends on that. Every request counts; none is given back.
 */
export async function reserveAccountMail(
  recipient: string,
  address: string,
  now = Date.now(),
): Promise<Reservation> {
  const limits = signInLimits();
  return reserve(
    [
      slot(`signin-mail:${normalEmail(recipient)}`, limits.perAccountAndAddress, now),
      slot(`signin-mail-ip:${addressBucket(address)}`, limits.perAddress, now),
    ],
    now,
  );
}

/** The cookie value for an account: an HMAC of its email (and realm) under the session secret. */
export function knownDeviceValue(email: string, realm: SignInRealm = "admin"): string {
  const label = realm === "admin" ? "known-device" : "known-operator-device";
  return createHmac("sha256", sessionSecret())
    .update(`${label}\0${normalEmail(email)}`)
    .digest("base64url");
}

/** Does this cookie value mark a browser that has signed in to `email` (in `realm`) before? */
export function isKnownDevice(
  value: string | undefined,
  email: string,
  realm: SignInRealm = "admin",
): boolean {
  if (!value) return false;
  const expected = Buffer.from(knownDeviceValue(email, realm));
  const given = Buffer.from(value);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
