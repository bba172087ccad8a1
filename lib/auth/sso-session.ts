/**
 * An administrator signed in through the tenant's identity provider gets the same session as one
 * who typed a password: a server-side session row, named by next-auth's signed, encrypted JWT cookie.
 */
import { encode } from "next-auth/jwt";
import { sessionSecret } from "@/lib/config";
import { cookieAttributes, setCookieHeader } from "@/lib/security/cookies";
import { startSession } from "./admin-sessions";

export type SsoAdmin = { id: string; tenantId: string; email: string; name: string };

export async function adminSessionCookie(admin: SsoAdmin): Promise<string> {
  const { maxAge } = cookieAttributes("adminSession");
  const sid = await startSession(admin);
  const token = await encode({
    secret: sessionSecret(),
    maxAge,
    token: {
      sub: admin.id,
      name: admin.name,
      email: admin.email,
      adminId: admin.id,
      tenantId: admin.tenantId,
      sid,
    },
  });
  return setCookieHeader("adminSession", token);
}
