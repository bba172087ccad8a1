"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";
import { acceptInviteAction } from "./actions";

export function AcceptInviteForm({
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
    const input = { name: String(form.get("name") ?? ""), password: String(form.get("password") ?? "") };
    const result = await acceptInviteAction(token, input);
    if (!result.ok) return result;
    await signIn("credentials", { email, password: input.password, redirect: false });
    router.replace("/dashboard");
    router.refresh();
    return result;
  });
  return (
    <form className="space-y-5" noValidate onSubmit={onSubmit}>
      <div>
        <h1 className="text-xl font-semibold">Join {company}</h1>
        <p className="mt-1 text-sm text-slate-600">
          You were invited as an administrator. You will sign in as <strong>{email}</strong>.
        </p>
      </div>
      <FormError message={error} />
      <TextField label="Your name" name="name" autoComplete="name" error={fieldErrors.name} required />
      <TextField
        label="Choose a password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        required
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Joining…" : "Join and sign in"}
      </Button>
    </form>
  );
}
