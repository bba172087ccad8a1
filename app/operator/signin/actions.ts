"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signInOperator } from "@/lib/operators/sign-in";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";
import { clientIp } from "@/lib/security/rate-limit";
import { fieldErrors } from "@/lib/errors";

export type OperatorSignInState = {
  error: string | null;
  fieldErrors: Partial<Record<"email" | "password", string>>;
  /** The email typed, kept when the form is shown again. */
  email: string;
};

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email").max(320, "That email address is too long"),
  password: z.string().min(1, "Enter your password").max(1024, "That password is too long"),
});

/** Operator sign-in (the form's useActionState action): a session cookie, then the console. */
export async function operatorSignInAction(
  _state: OperatorSignInState,
  form: FormData,
): Promise<OperatorSignInState> {
  const input = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  const email = input.email.slice(0, 320);
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { error: null, fieldErrors: fieldErrors(parsed.error.issues), email };
  const jar = await cookies();
  const result = await signInOperator(parsed.data.email, parsed.data.password, {
    address: clientIp(await headers()),
    deviceCookie: jar.get(cookieName("operatorKnownDevice"))?.value,
  });
  if (!result.ok) {
    return {
      error:
        result.reason === "throttled"
          ? `Too many wrong passwords. Sign-in for this account is paused for up to ${Math.ceil(result.retryAfterSeconds / 60)} minutes.`
          : "Wrong email or password",
      fieldErrors: {},
      email,
    };
  }
  jar.set(cookieName("operatorSession"), result.token, cookieAttributes("operatorSession"));
  jar.set(cookieName("operatorKnownDevice"), result.deviceMark, cookieAttributes("operatorKnownDevice"));
  redirect("/operator");
}
