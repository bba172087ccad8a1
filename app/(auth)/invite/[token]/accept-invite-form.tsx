"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const input = { name: String(form.get("name") ?? ""), password: String(form.get("password") ?? "") };
        setBusy(true);
        const result = await acceptInviteAction(token, input);
        setErrors(result.fieldErrors);
        setError(result.error ?? null);
        if (!result.ok) {
          setBusy(false);
          return;
        }
        await signIn("credentials", { email, password: input.password, redirect: false });
        router.replace("/dashboard");
        router.refresh();
      }}
    >
      <div>
        <h1 className="text-xl font-semibold">Join {company}</h1>
        <p className="mt-1 text-sm text-slate-500">
          You were invited as an administrator. You will sign in as <strong>{email}</strong>.
        </p>
      </div>
      <FormError message={error} />
      <TextField label="Your name" name="name" autoComplete="name" error={errors.name} required />
      <TextField
        label="Choose a password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={errors.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        required
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Joining…" : "Join and sign in"}
      </Button>
    </form>
  );
}
