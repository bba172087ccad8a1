/**
 * Admin sign-in throttling: after too many wrong passwords for one email (or from one address)
 * within the window, sign-in waits until the window ends — even with the right password, so
 * guessing gains nothing. Counts are shared across instances (see lib/security/rate-limit.ts).
 */
import { limits, rateLimiter } from "@/lib/security/rate-limit";

const keys = (email: string, ip: string) =>
  [
    [`signin-email:${email.trim().toLowerCase()}`, limits().signInFailuresPerEmail],
    [`signin-ip:${ip}`, limits().signInFailuresPerIp],
  ] as const;

/** Seconds to wait, or 0 when a sign-in attempt may go ahead. */
export async function signInWait(email: string, ip: string): Promise<number> {
  let wait = 0;
  for (const [key, limit] of keys(email, ip)) {
    const decision = await rateLimiter().check(key, limit);
    if (!decision.ok) wait = Math.max(wait, decision.retryAfterSeconds);
  }
  return wait;
}

export async function recordSignInFailure(email: string, ip: string): Promise<void> {
  for (const [key, limit] of keys(email, ip)) await rateLimiter().add(key, limit);
}
