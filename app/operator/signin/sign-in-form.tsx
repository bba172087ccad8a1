"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { operatorSignInAction, type OperatorSignInState } from "./actions";

export function OperatorSignInForm() {
  const [state, action, pending] = useActionState<OperatorSignInState, FormData>(operatorSignInAction, {
    error: null,
    fieldErrors: {},
    email: "",
  });
  return (
    <form action={action} className="space-y-5" noValidate>
      <div>
        <h1 className="text-xl font-semibold">Operator console</h1>
        <p className="mt-1 text-sm text-slate-600">
          For the team running Rollcall. Company administrators sign in at{" "}
          <Link href="/signin" className="font-semibold text-indigo-600 hover:underline">
            /signin
          </Link>
          .
        </p>
      </div>
      <FormError message={state.error} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        key={`email-${state.email}`}
        defaultValue={state.email}
        error={state.fieldErrors.email}
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={state.fieldErrors.password}
        required
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
