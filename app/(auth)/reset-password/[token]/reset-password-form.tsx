"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({
  token,
  email,
  company,
}: {
  token: string;
  email: string;
  company: string;
}) {
  const router = useRouter();
  const { onSubmit, isPending, error, fieldErrors } = useFormAction(async (form) => {
    const result = await resetPasswordAction(token, String(form.get("password") ?? ""));
    if (result.ok) router.replace(`/signin?email=${encodeURIComponent(result.data.email)}&from=reset`);
    return result;
  });
  return (
    <form className="space-y-5" noValidate onSubmit={onSubmit}>
      <div>
        <h1 className="text-xl font-semibold">Choose a new password</h1>
        <p className="mt-1 text-sm text-slate-600">
          For <strong className="[overflow-wrap:anywhere]">{email}</strong> at {company}. Every session of
          your account ends; you sign in again with the new password.
        </p>
      </div>
      <FormError message={error} />
      {/* The account's name, for password managers. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        minLength={MIN_PASSWORD_LENGTH}
        required
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
