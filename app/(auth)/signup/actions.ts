"use server";

import { headers } from "next/headers";
import { reserveSignUp } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/security/rate-limit";
import { signUpSchema } from "@/lib/tenants/schemas";
import { signUp } from "@/lib/tenants/service";

export type SignUpState = { ok: boolean; fieldErrors: Record<string, string>; error?: string };

export async function signUpAction(input: Record<string, string>): Promise<SignUpState> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, fieldErrors };
  }
  const gate = await reserveSignUp(clientIp(await headers()));
  if (!gate.ok) {
    return {
      ok: false,
      fieldErrors: {},
      error: `Too many sign-ups from your network. Try again in ${Math.ceil(gate.retryAfterSeconds / 60)} minutes.`,
    };
  }
  try {
    await signUp(parsed.data);
  } catch (error) {
    // An email that already has an account gets exactly the answer a new one gets (the password
    // was hashed and the same statements ran either way), so sign-up does not tell anyone which
    // emails have accounts. The form then signs in; for an existing account that works only with
    // its own password, and otherwise lands on the sign-in page.
    if (error instanceof AppError && error.code === "conflict") return { ok: true, fieldErrors: {} };
    if (error instanceof AppError) {
      return Object.keys(error.fields).length > 0
        ? { ok: false, fieldErrors: error.fields }
        : { ok: false, fieldErrors: {}, error: error.message };
    }
    throw error;
  }
  return { ok: true, fieldErrors: {} };
}
