"use server";

import { runAction, type ActionState } from "@/lib/action-state";
import { resetPassword } from "@/lib/accounts/password-reset";

/** Sets a new password through a reset link; every session of the admin ends. */
export async function resetPasswordAction(
  token: string,
  password: string,
): Promise<ActionState<{ email: string }>> {
  return runAction(() => resetPassword(String(token), String(password)));
}
