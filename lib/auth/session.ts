import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/lib/audit/service";
import { sessionSecret } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { cookieName } from "@/lib/security/cookies";
import { sessionAdmin, type SessionAdmin } from "./admin-sessions";
import { hasRole, roleRefusal, type AdminRole } from "./roles";

export type CurrentAdmin = SessionAdmin & { sessionId: string };

/** The session cookie's value (next-auth splits one over 4 KB into `.0`, `.1`, …). */
function sessionCookie(jar: Awaited<ReturnType<typeof cookies>>): string | undefined {
  const name = cookieName("adminSession");
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  const chunks = jar
    .getAll()
    .filter((c) => c.name.startsWith(`${name}.`))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length > 0 ? chunks.map((c) => c.value).join("") : undefined;
}

/**
 * This browser's admin session: the cookie's JWT names a server-side session, and one statement
 * reads the session (live, not expired), the admin and the company. A session that was signed out,
 * ended everywhere or whose admin was removed gives null. Cached for the rest of the request.
 */
const currentSession = cache(async (): Promise<CurrentAdmin | null> => {
  const raw = sessionCookie(await cookies());
  if (!raw) return null;
  const token = await decode({ token: raw, secret: sessionSecret() }).catch(() => null);
  if (!token?.sid || !token.adminId || !token.tenantId) return null;
  const admin = await sessionAdmin(token.tenantId, token.sid, token.adminId);
  return admin ? { ...admin, sessionId: token.sid } : null;
});

/**
 * The signed-in admin, for route handlers and components: null without a session, and while the
 * session waits for its second factor or its admin must first set one up.
 */
export const currentAdmin = cache(async (): Promise<CurrentAdmin | null> => {
  const session = await currentSession();
  return session && !session.pendingFactor && !session.mustEnrol ? session : null;
});

/**
 * For admin pages and server actions: the admin, or a redirect — to sign-in, to the second step
 * of a sign-in, or (the company requires two-factor sign-in) to setting up a second factor.
 */
export async function requireAdmin(): Promise<CurrentAdmin> {
  const admin = await requireEnrollingAdmin();
  if (admin.mustEnrol) redirect("/settings/security");
  return admin;
}

/** For the security settings, where an admin sets up the second factor their company requires. */
export async function requireEnrollingAdmin(): Promise<CurrentAdmin> {
  const session = await currentSession();
  if (!session) redirect("/signin");
  if (session.pendingFactor) redirect("/signin/verify");
  return session;
}

/** For the second step of a password sign-in: the session waiting for it, or a redirect. */
export async function requirePendingSession(): Promise<CurrentAdmin> {
  const session = await currentSession();
  if (!session) redirect("/signin");
  if (!session.pendingFactor) redirect("/dashboard");
  return session;
}

/**
 * For every server action and route that changes something: the signed-in admin when their role
 * is `needed` or above (lib/auth/roles.ts), a refusal (403) otherwise. Reads and an admin's own
 * account need only `requireAdmin()`.
 */
export async function requireTenantRole(needed: AdminRole): Promise<CurrentAdmin> {
  const admin = await requireAdmin();
  if (!hasRole(admin.role, needed))
    throw new AppError(roleRefusal(admin.role, needed), { code: "forbidden" });
  return admin;
}

/** For pages that only change things (a form to add or edit): others go to `elsewhere`. */
export async function requirePageRole(needed: AdminRole, elsewhere: string): Promise<CurrentAdmin> {
  const admin = await requireAdmin();
  if (!hasRole(admin.role, needed)) redirect(elsewhere);
  return admin;
}

export function actorOf(admin: CurrentAdmin): Actor {
  return { adminId: admin.id, label: admin.email };
}
