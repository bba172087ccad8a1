/** What the SSO route handlers share: the refusal redirect and the session cookie. */
import { adminSessionCookie, type SsoAdmin } from "@/lib/auth/sso-session";
import { appUrl } from "@/lib/config";
import { SsoRefusal, type RefusalCode } from "./errors";
import { sessionCookieName, sessionCookieOptions } from "./sessions";

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
  const o = sessionCookieOptions();
  const cookie = [
    `${sessionCookieName()}=${sessionToken}`,
    `Path=${o.path}`,
    `Max-Age=${o.maxAge}`,
    "HttpOnly",
    `SameSite=Lax`,
    ...(o.secure ? ["Secure"] : []),
  ].join("; ");
  return new Response(null, {
    status: 303,
    headers: { Location: `${appUrl()}/account`, "Set-Cookie": cookie },
  });
}
