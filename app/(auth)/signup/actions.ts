"use server";

import { headers } from "next/headers";
import { runAction, type ActionState } from "@/lib/action-state";
import { reserveSignUp } from "@/lib/auth/throttle";
import { AppError, parseInput } from "@/lib/errors";
import { clientIp } from "@/lib/security/rate-limit";
import { signUpSchema } from "@/lib/tenants/schemas";
import { signUp } from "@/lib/tenants/service";

export async function signUpAction(input: Record<string, string>): Promise<ActionState> {
  return runAction(async () => {
    const data = parseInput(signUpSchema, input);
    const gate = await reserveSignUp(clientIp(await headers()));
    if (!gate.ok) {
      throw new AppError(
        `Too many sign-ups from your network. Try again in ${Math.ceil(gate.retryAfterSeconds / 60)} minutes.`,
        { code: "rate_limited" },
      );
    }
    try {
      await signUp(data);
    } catch (error) {
      // An email that already has an account gets exactly the answer a new one gets (the password
      // was hashed and the same statements ran either way), so sign-up does not tell anyone which
      // emails have accounts. The form then signs in; for an existing account that works only with
      // its own password, and otherwise lands on the sign-in page.
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    }
  });
}
