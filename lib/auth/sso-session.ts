/**
 * An administrator signed in through the tenant's identity provider gets the same next-auth
 * session (a signed, encrypted JWT cookie) as one who typed a password.
 */
import { encode } from "next-auth/jwt";
import { appUrl, sessionSecret } from "@/lib/config";
import { SESSION_HOURS } from "./options";

export type SsoAdmin = { id: string; tenantId: string; email: string; name: string };

export async function adminSessionCookie(admin: SsoAdmin): Promise<string> {
  const secure = (process.env.NEXTAUTH_URL || appUrl()).startsWith("https://");
  const maxAge = SESSION_HOURS * 3600;
  const token = await encode({
    secret: sessionSecret(),
    maxAge,
    token: {
      sub: admin.id,
      name: admin.name,
      email: admin.email,
      adminId: admin.id,
      tenantId: admin.tenantId,
    },
  });
  return [
    `${secure ? "__Secure-" : ""}next-auth.session-token=${token}`,
    "Path=/",
    `Max-Age=${maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
