"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { RESET_MINUTES } from "@/lib/auth/constants";
import { requestPasswordResetAction } from "./actions";

const LINK = "font-semibold text-indigo-600 hover:underline";

export function ForgotPasswordForm() {
  const { state, onSubmit, isPending, error, fieldErrors } = useFormAction((form) =>
    requestPasswordResetAction(String(form.get("email") ?? "")),
  );
  if (state?.ok) {
    return (
      <div className="space-y-4" role="status">
        <h1 className="text-xl font-semibold">
          {state.data.mailed ? "Check your inbox" : "Ask for a reset link"}
        </h1>
        {state.data.mailed ? (
          <p className="text-sm text-slate-600">
            If an administrator account uses that address, a link to choose a new password is on its way. It
            works once, for {RESET_MINUTES} minutes.
          </p>
        ) : (
          <p className="text-sm text-slate-600">
            This Rollcall sends no email. Ask your Rollcall operator for a reset link (they make one with{" "}
            <code className="text-xs">npm run rollcall -- admin reset-link --email …</code>).
          </p>
        )}
        <Link href="/signin" className={`${LINK} text-sm`}>
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form className="space-y-5" noValidate onSubmit={onSubmit}>
      <div>
        <h1 className="text-xl font-semibold">Reset your password</h1>
        <p className="mt-1 text-sm text-slate-600">
          Enter the email address you sign in with. We send a link to choose a new password.
        </p>
      </div>
      <FormError message={error} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        error={fieldErrors.email}
        required
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Sending…" : "Send reset link"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/signin" className={LINK}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
