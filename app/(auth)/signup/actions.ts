"use server";

import { DomainError } from "@/lib/errors";
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
  try {
    await signUp(parsed.data);
    return { ok: true, fieldErrors: {} };
  } catch (error) {
    if (error instanceof DomainError) {
      return error.field
        ? { ok: false, fieldErrors: { [error.field]: error.message } }
        : { ok: false, fieldErrors: {}, error: error.message };
    }
    throw error;
  }
}
