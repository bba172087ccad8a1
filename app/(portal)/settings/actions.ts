"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/service";
import { adminSessionCookieName, endAllSessions } from "@/lib/auth/admin-sessions";
import { actorOf, requireAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/errors";
import { z } from "zod";
import {
  approveHeld,
  guardSettingsSchema,
  rejectHeld,
  updateGuardSettings,
  type ApprovalResult,
} from "@/lib/provisioning/guard";
import {
  createInvite,
  inviteUrl,
  removeAdmin,
  setAdminSso,
  setAdminView,
  type AdminView,
} from "@/lib/tenants/service";

export async function setAdminViewAction(view: AdminView): Promise<void> {
  const admin = await requireAdmin();
  await setAdminView(admin.tenantId, admin.id, view === "advanced" ? "advanced" : "basic");
  revalidatePath("/", "layout");
}

/** Ends every session of the signed-in admin, this one included, on every instance. */
export async function signOutEverywhereAction(): Promise<void> {
  const admin = await requireAdmin();
  const ended = await endAllSessions(admin.id);
  await recordAudit(
    admin.tenantId,
    actorOf(admin),
    "admin.signed_out_everywhere",
    admin.email,
    `${ended} session${ended === 1 ? "" : "s"} ended`,
  );
  (await cookies()).set(adminSessionCookieName(), "", {
    path: "/",
    maxAge: 0,
    httpOnly: true,
    sameSite: "lax",
    secure: adminSessionCookieName().startsWith("__Secure-"),
  });
  redirect("/signin");
}

export type RemoveAdminResult = { ok: true } | { ok: false; error: string };

/** Removes another administrator of the company; their sessions end at once. */
export async function removeAdminAction(adminId: string): Promise<RemoveAdminResult> {
  const admin = await requireAdmin();
  try {
    await removeAdmin(admin.tenantId, actorOf(admin), String(adminId));
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
  revalidatePath("/settings/team");
  return { ok: true };
}

export type InviteResult = { ok: true; link: string } | { ok: false; error: string };

export async function inviteAdminAction(email: string): Promise<InviteResult> {
  const admin = await requireAdmin();
  try {
    const { token } = await createInvite(admin.tenantId, actorOf(admin), email);
    revalidatePath("/settings/team");
    return { ok: true, link: inviteUrl(token) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function setAdminSsoAction(enabled: boolean): Promise<void> {
  const admin = await requireAdmin();
  await setAdminSso(admin.tenantId, actorOf(admin), enabled);
  revalidatePath("/settings/team");
}

export type GuardSettingsResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

export async function saveGuardSettingsAction(input: Record<string, unknown>): Promise<GuardSettingsResult> {
  const admin = await requireAdmin();
  const parsed = guardSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error.issues) };
  await updateGuardSettings(admin.tenantId, actorOf(admin), parsed.data);
  revalidatePath("/settings/guard");
  return { ok: true };
}

/** Ids of held changes the admin selected (none: all of them). */
const heldIds = z.array(z.string().max(64)).max(500).optional();

export async function approveHeldAction(ids?: string[]): Promise<ApprovalResult> {
  const admin = await requireAdmin();
  const result = await approveHeld(admin.tenantId, actorOf(admin), heldIds.parse(ids));
  revalidatePath("/", "layout");
  return result;
}

export async function rejectHeldAction(ids?: string[]): Promise<{ rejected: number }> {
  const admin = await requireAdmin();
  const result = await rejectHeld(admin.tenantId, actorOf(admin), heldIds.parse(ids));
  revalidatePath("/", "layout");
  return result;
}
