"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/audit/service";
import { endAllSessions, endOtherSessions, endOwnSession } from "@/lib/auth/admin-sessions";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";
import { actorOf, requireAdmin, requireTenantRole } from "@/lib/auth/session";
import { runAction, type ActionState } from "@/lib/action-state";
import { AppError, parseInput } from "@/lib/errors";
import { z } from "zod";
import {
  approveHeld,
  guardSettingsSchema,
  rejectHeld,
  updateGuardSettings,
  type ApprovalResult,
} from "@/lib/provisioning/guard";
import { inviteAdmin, revokeInvite, type InviteResult } from "@/lib/tenants/invites";
import { deleteCompany } from "@/lib/tenants/management";
import {
  changeAdminRole,
  removeAdmin,
  resetSecondFactor,
  setAdminSso,
  setAdminView,
  transferOwnership,
  type AdminView,
} from "@/lib/tenants/service";
import { ADMIN_ROLES } from "@/lib/auth/roles";

export async function setAdminViewAction(view: AdminView): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireAdmin();
    await setAdminView(admin.tenantId, admin.id, view === "advanced" ? "advanced" : "basic");
    revalidatePath("/", "layout");
  });
}

/** Clears this browser's session cookie (its session has ended on the server) and goes to sign-in. */
async function signedOutHere(to = "/signin"): Promise<never> {
  (await cookies()).set(cookieName("adminSession"), "", cookieAttributes("adminSession", { clear: true }));
  redirect(to);
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
  await signedOutHere();
}

/** Ends one of the signed-in admin's other sessions (another browser or device). */
export async function endSessionAction(sessionId: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireAdmin();
    if (sessionId === admin.sessionId) {
      throw new AppError("This is the session you are using: sign out instead", { code: "invalid" });
    }
    await endOwnSession(admin, String(sessionId));
    await recordAudit(admin.tenantId, actorOf(admin), "admin.session_ended", admin.email, "another session");
    revalidatePath("/settings/profile");
  });
}

/** Ends every session of the signed-in admin but this one. */
export async function endOtherSessionsAction(): Promise<ActionState<{ ended: number }>> {
  return runAction(async () => {
    const admin = await requireAdmin();
    const ended = await endOtherSessions(admin.id, admin.sessionId);
    await recordAudit(
      admin.tenantId,
      actorOf(admin),
      "admin.session_ended",
      admin.email,
      `${ended} other session${ended === 1 ? "" : "s"}`,
    );
    revalidatePath("/settings/profile");
    return { ended };
  });
}

/**
 * Removes an administrator of the company (an owner's call; never the last owner); their sessions
 * end at once. Any admin may remove themselves: they leave the company and are signed out here too.
 */
export async function removeAdminAction(adminId: string): Promise<ActionState> {
  const admin = await requireAdmin();
  const result = await runAction(async () => {
    if (adminId !== admin.id) await requireTenantRole("owner");
    await removeAdmin(admin.tenantId, actorOf(admin), String(adminId));
  });
  if (result.ok && adminId === admin.id) await signedOutHere();
  revalidatePath("/settings/team");
  return result;
}

/** Invites an administrator with a role, or the same address again (a new link and expiry). */
export async function inviteAdminAction(email: string, role = "admin"): Promise<ActionState<InviteResult>> {
  return runAction(async () => {
    const admin = await requireTenantRole("owner");
    const result = await inviteAdmin(admin.tenantId, actorOf(admin), { email, role }, admin.name);
    revalidatePath("/settings/team");
    return result;
  });
}

export async function revokeInviteAction(inviteId: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("owner");
    await revokeInvite(admin.tenantId, actorOf(admin), String(inviteId));
    revalidatePath("/settings/team");
  });
}

/** Gives another administrator of the company a role (never the last owner's). */
export async function changeAdminRoleAction(adminId: string, role: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("owner");
    const chosen = parseInput(z.enum(ADMIN_ROLES, { message: "Choose a role" }), role);
    await changeAdminRole(admin.tenantId, actorOf(admin), String(adminId), chosen);
    revalidatePath("/", "layout");
  });
}

/** Removes another administrator's second factors (they lost them) and ends their sessions. */
export async function resetSecondFactorAction(adminId: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("owner");
    await resetSecondFactor(admin.tenantId, actorOf(admin), String(adminId), admin.tenantName);
    revalidatePath("/settings/team");
  });
}

/** Deletes the company and everything Rollcall holds for it; `typedName` must be its name. */
export async function deleteCompanyAction(typedName: string): Promise<ActionState> {
  const result = await runAction(async () => {
    const admin = await requireTenantRole("owner");
    await deleteCompany(admin.tenantId, actorOf(admin), String(typedName));
  });
  if (!result.ok) return result;
  return signedOutHere("/signin?from=deleted");
}

/** Makes another administrator the owner; the acting owner becomes an administrator. */
export async function transferOwnershipAction(adminId: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("owner");
    await transferOwnership(admin.tenantId, actorOf(admin), String(adminId));
    revalidatePath("/", "layout");
  });
}

export async function setAdminSsoAction(enabled: boolean): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("owner");
    await setAdminSso(admin.tenantId, actorOf(admin), enabled);
    revalidatePath("/settings/team");
  });
}

export async function saveGuardSettingsAction(input: Record<string, unknown>): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    await updateGuardSettings(admin.tenantId, actorOf(admin), parseInput(guardSettingsSchema, input));
    revalidatePath("/settings/guard");
  });
}

/** Ids of held changes the admin selected (none: all of them). */
const heldIds = z.array(z.string().max(64)).max(500).optional();

export async function approveHeldAction(ids?: string[]): Promise<ActionState<ApprovalResult>> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    const result = await approveHeld(admin.tenantId, actorOf(admin), parseInput(heldIds, ids));
    revalidatePath("/", "layout");
    return result;
  });
}

export async function rejectHeldAction(ids?: string[]): Promise<ActionState<{ rejected: number }>> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    const result = await rejectHeld(admin.tenantId, actorOf(admin), parseInput(heldIds, ids));
    revalidatePath("/", "layout");
    return result;
  });
}
