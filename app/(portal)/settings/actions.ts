"use server";

import { revalidatePath } from "next/cache";
import { actorOf, requireAdmin } from "@/lib/auth/session";
import { appUrl } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { createInvite, setAdminSso, setAdminView, type AdminView } from "@/lib/tenants/service";

export async function setAdminViewAction(view: AdminView): Promise<void> {
  const admin = await requireAdmin();
  await setAdminView(admin.tenantId, admin.id, view === "advanced" ? "advanced" : "basic");
  revalidatePath("/", "layout");
}

export type InviteResult = { ok: true; link: string } | { ok: false; error: string };

export async function inviteAdminAction(email: string): Promise<InviteResult> {
  const admin = await requireAdmin();
  try {
    const { token } = await createInvite(admin.tenantId, actorOf(admin), email);
    revalidatePath("/settings/team");
    return { ok: true, link: `${appUrl()}/invite/${token}` };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function setAdminSsoAction(enabled: boolean): Promise<void> {
  const admin = await requireAdmin();
  await setAdminSso(admin.tenantId, actorOf(admin), enabled);
  revalidatePath("/settings/team");
}
