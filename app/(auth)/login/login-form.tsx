"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf } from "@/lib/action-state";
import { findIdentityProviderAction } from "./actions";

export function LoginForm() {
  const { state, onSubmit, isPending } = useFormAction((form) =>
    findIdentityProviderAction(String(form.get("email") ?? "")),
  );
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <TextField
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        error={errorOf(state) ?? undefined}
        hint="We send you to your company's sign-in page."
        required
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Finding your company…" : "Continue"}
      </Button>
      <p className="text-center text-sm text-slate-500">
        Company administrator?{" "}
        <Link href="/signin" className="font-semibold text-indigo-600 hover:underline">
          Sign in with your password
        </Link>
      </p>
    </form>
  );
}
