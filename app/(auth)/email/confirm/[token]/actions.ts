"use server";

import { runAction, type ActionState } from "@/lib/action-state";
import { confirmEmailChange } from "@/lib/accounts/profile";

/** Confirms an administrator's new email address through the link mailed to it. */
export async function confirmEmailChangeAction(token: string): Promise<ActionState<{ email: string }>> {
  return runAction(() => confirmEmailChange(String(token)));
}
