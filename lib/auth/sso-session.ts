/**
 * An administrator who proved who they are other than through next-auth's sign-in form — through
 * the tenant's identity provider, or by opening the link that confirms their sign-up — gets the same
 * session as one who typed a password: a server-side session row, named by next-auth's signed,
 * encrypted JWT cookie.
 */
import { encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { sessionSecret } from "@/lib/config";
import { cookieAttributes, cookieName, setCookieHeader } from "@/lib/security/cookies";
import { startSession } from "./admin-sessions";
import { knownDeviceValue } from "./throttle";

export type SsoAdmin = { id: string; tenantId: string; email: string; name: string };

/** Starts a session and returns the session cookie's value for it. */
async function sessionToken(admin: SsoAdmin, how: string): Promise<string> {
  const sid = await startSession(admin, how);
  return encode({
    secret: sessionSecret(),
    maxAge: cookieAttributes("adminSession").maxAge,
    token: {
      sub: admin.id,
      name: admin.name,
      email: admin.email,
      adminId: admin.id,
      tenantId: admin.tenantId,
      sid,
    },
  });
}

/** The `Set-Cookie` header of a new session, for a route handler's response. */
export async function adminSessionCookie(admin: SsoAdmin): Promise<string> {
  return setCookieHeader("adminSession", await sessionToken(admin, "through single sign-on"));
}

/** Marks this browser as one that signed in to `email` (exempt from the per-account bound). */
export async function rememberDevice(email: string): Promise<void> {
  (await cookies()).set(cookieName("knownDevice"), knownDeviceValue(email), cookieAttributes("knownDevice"));
}

/** Signs an admin in from a server action: a new session's cookie, and the known-device mark. */
export async function signInFromAction(admin: SsoAdmin, how: string): Promise<void> {
  (await cookies()).set(
    cookieName("adminSession"),
    await sessionToken(admin, how),
    cookieAttributes("adminSession"),
  );
  await rememberDevice(admin.email);
}
