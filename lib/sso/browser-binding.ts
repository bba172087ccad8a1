/**
 * Binds an OpenID Connect sign-in that ends in a Rollcall session (My account, the admin portal) to
 * the browser that started it — RFC 6749 §10.12 and OpenID Connect Core §15.5.2. The browser keeps a
 * random value in an HttpOnly cookie; the request's nonce is a hash of that value and the request's
 * state, so only the state and nonce are stored (any instance can check). A callback URL carried to
 * another browser — login CSRF, signing a victim in to the attacker's account — finds no matching
 * cookie there and is refused before its code is redeemed.
 *
 * A sign-in an application asked for needs none of this: it resumes through the OpenID Provider's
 * own interaction cookies (lib/oidc), which another browser does not have.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { parse } from "cookie";
import { cookies } from "next/headers";
import { cookieAttributes, cookieName, setCookieHeader } from "@/lib/security/cookies";

const BINDING = /^[A-Za-z0-9_-]{43}$/;

/** The binding a request's `Cookie` header carries (null: none, or not one of ours). */
export function presentedBinding(cookieHeader: string | null): string | null {
  const value = parse(cookieHeader ?? "")[cookieName("ssoBrowser")];
  return value && BINDING.test(value) ? value : null;
}

/**
 * For a route handler starting a sign-in: the browser's binding (kept, or a new one) and the
 * `Set-Cookie` header value that keeps it (renewed for as long as a request lasts).
 */
export function bindBrowser(cookieHeader: string | null): { binding: string; setCookie: string } {
  const binding = presentedBinding(cookieHeader) ?? randomBytes(32).toString("base64url");
  return { binding, setCookie: setCookieHeader("ssoBrowser", binding) };
}

/** The same from a server action (its cookie set through next/headers). */
export async function bindBrowserInAction(): Promise<string> {
  const jar = await cookies();
  const value = jar.get(cookieName("ssoBrowser"))?.value;
  const binding = value && BINDING.test(value) ? value : randomBytes(32).toString("base64url");
  jar.set(cookieName("ssoBrowser"), binding, cookieAttributes("ssoBrowser"));
  return binding;
}

/** The nonce of a request `state` started by the browser holding `binding`. */
export function boundNonce(binding: string, state: string): string {
  return createHash("sha256").update(`${binding}.${state}`).digest("base64url");
}

/** Whether the browser holding `binding` (null: no cookie) started the request with this state and nonce. */
export function isBoundTo(binding: string | null, state: string, nonce: string): boolean {
  if (!binding) return false;
  const expected = Buffer.from(boundNonce(binding, state));
  const actual = Buffer.from(nonce);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
