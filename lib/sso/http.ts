/** What the SSO route handlers share: the refusal redirect and the session cookie. */
import { adminSessionCookie, type SsoAdmin } from "@/lib/auth/sso-session";
import { appUrl } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { setCookieHeader } from "@/lib/security/cookies";
import { clientIp, rateLimiter, type Decision, type Limit } from "@/lib/security/rate-limit";
import { SsoRefusal, type RefusalCode } from "./errors";
import { env } from "@/lib/env";

export function refusedRedirect(code: RefusalCode): Response {
  return Response.redirect(`${appUrl()}/account/refused?reason=${code}`, 303);
}

export function refusalOf(error: unknown): Response {
  if (error instanceof SsoRefusal) return refusedRedirect(error.code);
  throw error;
}

export async function adminSignedInRedirect(admin: SsoAdmin): Promise<Response> {
  return new Response(null, {
    status: 303,
    headers: { Location: `${appUrl()}/dashboard`, "Set-Cookie": await adminSessionCookie(admin) },
  });
}

export function signedInRedirect(sessionToken: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: `${appUrl()}/account`, "Set-Cookie": setCookieHeader("userSession", sessionToken) },
  });
}

/** Sign-in starts and assertion posts per client address per minute (SSO_RATE_LIMIT_PER_IP; 0 = off). */
export function ssoLimit(): Limit {
  return { max: env().SSO_RATE_LIMIT_PER_IP, windowMs: 60_000 };
}

/** Counts one SSO request from the client's address; refused beyond the limit. */
export function throttleSso(headers: Headers): Promise<Decision> {
  return rateLimiter().hit(`sso:${clientIp(headers)}`, ssoLimit());
}

/** For the sign-in forms: counts the request, and refuses it with a message a person reads beyond the limit. */
export async function throttleSignInForm(headers: Headers): Promise<void> {
  const allowed = await throttleSso(headers);
  if (!allowed.ok) {
    throw new AppError(
      `Too many sign-in attempts from your network. Try again in ${allowed.retryAfterSeconds} seconds.`,
      { code: "rate_limited" },
    );
  }
}

/** The answer beyond the limit: 429 with Retry-After, and a line a person can read. Writes nothing. */
export function tooManySignIns(retryAfterSeconds: number): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many sign-in attempts</title></head><body><h1>Too many sign-in attempts</h1><p>Too many sign-in attempts came from your network. Try again in ${retryAfterSeconds} seconds.</p></body></html>`;
  return new Response(body, {
    status: 429,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(retryAfterSeconds),
      "Cache-Control": "no-store",
    },
  });
}
