"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/action-state";
import { confirmSignUp, requestSignUp, type SignUpOutcome } from "@/lib/accounts/sign-up";
import { clientIp } from "@/lib/security/rate-limit";

/**
 * Signs up: answers "check your inbox" whether or not the address has an account
 * (lib/accounts/sign-up.ts); without SMTP, what the message would have said.
 */
export async function signUpAction(input: Record<string, string>): Promise<ActionState<SignUpOutcome>> {
  return runAction(async () => requestSignUp(input, clientIp(await headers())));
}

/** Opens the account a confirmation link is for: creates the company, signs in, goes to it. */
export async function confirmSignUpAction(token: string): Promise<ActionState> {
  const result = await runAction(() => confirmSignUp(String(token)));
  if (result.ok) redirect("/dashboard");
  return result;
}
