import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/audit/service";
import { getAdmin, getTenant } from "@/lib/tenants/service";
import { authOptions } from "./options";

export type CurrentAdmin = NonNullable<Awaited<ReturnType<typeof getAdmin>>> & { tenantName: string };

/** The signed-in admin, re-read from the database (a deleted admin's session stops working). */
export async function currentAdmin(): Promise<CurrentAdmin | null> {
  const session = await getServerSession(authOptions());
  if (!session?.adminId || !session.tenantId) return null;
  const admin = await getAdmin(session.tenantId, session.adminId);
  if (!admin) return null;
  const tenant = await getTenant(admin.tenantId);
  return tenant ? { ...admin, tenantName: tenant.name } : null;
}

/** For admin pages and server actions: the admin, or a redirect to sign-in. */
export async function requireAdmin(): Promise<CurrentAdmin> {
  const admin = await currentAdmin();
  if (!admin) redirect("/signin");
  return admin;
}

export function actorOf(admin: CurrentAdmin): Actor {
  return { adminId: admin.id, label: admin.email };
}
