/**
 * Operator sign-in: throttled exactly as administrators' (lib/auth/throttle.ts: a place under every
 * limit is reserved before the password is checked, kept by a wrong password, given back by a right
 * one), with counters of its own (the "operator" realm) and its own known-device mark.
 */
import { isKnownDevice, knownDeviceValue, reserveSignInAttempt } from "@/lib/auth/throttle";
import { verifyOperatorPassword } from "./accounts";
import { startOperatorSession } from "./sessions";

export type OperatorSignIn =
  | { ok: true; token: string; deviceMark: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function signInOperator(
  email: string,
  password: string,
  { address, deviceCookie }: { address: string; deviceCookie: string | undefined },
): Promise<OperatorSignIn> {
  const knownDevice = isKnownDevice(deviceCookie, email, "operator");
  const attempt = await reserveSignInAttempt(email, address, { knownDevice, realm: "operator" });
  if (!attempt.ok) return { ok: false, reason: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  let operator: Awaited<ReturnType<typeof verifyOperatorPassword>>;
  try {
    operator = await verifyOperatorPassword(email, password);
  } catch (error) {
    await attempt.release();
    throw error;
  }
  if (!operator) return { ok: false, reason: "invalid" };
  await attempt.release();
  return {
    ok: true,
    token: await startOperatorSession(operator.id),
    deviceMark: knownDeviceValue(operator.email, "operator"),
  };
}
