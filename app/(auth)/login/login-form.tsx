"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf, type ActionState } from "@/lib/action-state";
import { findIdentityProviderAction } from "./actions";

/**
 * "Work email → your company's identity provider". At /login it starts sign-in to My account; an
 * application's sign-in (/interaction/<uid>/email) gives its own action, and no admin link.
 */
export function LoginForm({
  action = findIdentityProviderAction,
  defaultEmail,
  adminLink = true,
}: {
  action?: (email: string) => Promise<ActionState>;
  defaultEmail?: string;
  adminLink?: boolean;
}) {
  const { state, onSubmit, isPending } = useFormAction((form) => action(String(form.get("email") ?? "")));
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <TextField
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={defaultEmail}
        error={errorOf(state) ?? undefined}
        hint="We send you to your company's sign-in page."
        required
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Finding your company…" : "Continue"}
      </Button>
      {adminLink ? (
        <p className="text-center text-sm text-slate-600">
          Company administrator?{" "}
          <Link href="/signin" className="font-semibold text-indigo-600 hover:underline">
            Sign in with your password
          </Link>
        </p>
      ) : null}
    </form>
  );
}
