"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { runAction, type ActionState } from "@/lib/action-state";
import {
  cancelEmailChange,
  changeName,
  changePassword,
  requestEmailChange,
  type EmailChangeOutcome,
} from "@/lib/accounts/profile";
import { setAlertsOff } from "@/lib/alerts/service";
import { requireAdmin } from "@/lib/auth/session";
import { clientIp } from "@/lib/security/rate-limit";

export async function changeNameAction(name: string): Promise<ActionState> {
  return runAction(async () => {
    await changeName(await requireAdmin(), String(name));
    revalidatePath("/", "layout");
  });
}

/** A new password (the current one required); every other session of the admin ends. */
export async function changePasswordAction(input: {
  currentPassword: string;
  newPassword: string;
}): Promise<ActionState<{ sessionsEnded: number }>> {
  return runAction(async () => {
    const admin = await requireAdmin();
    return changePassword(
      admin,
      {
        currentPassword: String(input?.currentPassword ?? ""),
        newPassword: String(input?.newPassword ?? ""),
      },
      clientIp(await headers()),
    );
  });
}

/** Asks to sign in with a new address (the current password required); it counts once confirmed. */
export async function requestEmailChangeAction(input: {
  currentPassword: string;
  newEmail: string;
}): Promise<ActionState<EmailChangeOutcome>> {
  return runAction(async () => {
    const admin = await requireAdmin();
    const outcome = await requestEmailChange(
      admin,
      { currentPassword: String(input?.currentPassword ?? ""), newEmail: String(input?.newEmail ?? "") },
      clientIp(await headers()),
    );
    revalidatePath("/settings/profile");
    return outcome;
  });
}

export async function cancelEmailChangeAction(): Promise<ActionState> {
  return runAction(async () => {
    await cancelEmailChange(await requireAdmin());
    revalidatePath("/settings/profile");
  });
}

/** The kinds of alert mail the admin does not want (the others they get). */
export async function setAlertsOffAction(off: string[]): Promise<ActionState> {
  return runAction(async () => {
    await setAlertsOff(await requireAdmin(), Array.isArray(off) ? off.map(String).slice(0, 20) : []);
    revalidatePath("/settings/profile");
  });
}
