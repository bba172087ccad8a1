"use server";

import { headers } from "next/headers";
import { runAction, type ActionState } from "@/lib/action-state";
import { requestPasswordReset } from "@/lib/accounts/password-reset";
import { clientIp } from "@/lib/security/rate-limit";

/** Asks for a reset link: the same answer whether or not the address has an account. */
export async function requestPasswordResetAction(email: string): Promise<ActionState<{ mailed: boolean }>> {
  return runAction(async () => requestPasswordReset(String(email), clientIp(await headers())));
}
