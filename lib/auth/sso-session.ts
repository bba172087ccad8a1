/**
 * An administrator signed in through the tenant's identity provider gets the same session as one
 * who typed a password: a server-side session row, named by next-auth's signed, encrypted JWT cookie.
 */
import { encode } from "next-auth/jwt";
import { appUrl, sessionSecret } from "@/lib/config";
import { adminSessionCookieName, SESSION_HOURS, startSession } from "./admin-sessions";

export type SsoAdmin = { id: string; tenantId: string; email: string; name: string };

export async function adminSessionCookie(admin: SsoAdmin): Promise<string> {
  const secure = (process.env.NEXTAUTH_URL || appUrl()).startsWith("https://");
  const maxAge = SESSION_HOURS * 3600;
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
  return [
    `${adminSessionCookieName()}=${token}`,
    "Path=/",
    `Max-Age=${maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
