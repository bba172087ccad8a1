"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { findIdentityProviderAction, type FindIdpState } from "./actions";

export function LoginForm() {
  const [state, action, pending] = useActionState<FindIdpState, FormData>(findIdentityProviderAction, {
    error: null,
    email: "",
  });
  return (
    <form action={action} className="space-y-5" noValidate>
      <TextField
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.email}
        error={state.error ?? undefined}
        hint="We send you to your company's sign-in page."
        required
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Finding your company…" : "Continue"}
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
