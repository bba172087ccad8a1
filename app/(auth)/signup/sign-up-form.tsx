"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import type { SignUpOutcome } from "@/lib/accounts/sign-up";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";
import { signUpAction } from "./actions";

const LINK = "font-semibold text-indigo-600 hover:underline";

/** What follows a sign-up: the same "check your inbox" for every address, or (no SMTP) the message itself. */
function SignUpSent({ email, outcome }: { email: string; outcome: SignUpOutcome }) {
  return (
    <div className="space-y-4" role="status">
      <h1 className="text-xl font-semibold">{outcome.mailed ? "Check your inbox" : "Confirm your email"}</h1>
      {outcome.mailed ? (
        <>
          <p className="text-sm text-slate-600">
            We sent a message to <strong className="[overflow-wrap:anywhere]">{email}</strong>. Open the link
            in it to confirm the address: your company account is created and you are signed in.
          </p>
          <p className="text-sm text-slate-600">
            Nothing arrived within a few minutes? Check your spam folder, or sign up again.
          </p>
        </>
      ) : "confirmUrl" in outcome ? (
        <>
          <p className="text-sm text-slate-600">
            This Rollcall sends no email, so here is the link the message would carry. Open it to create your
            company account and sign in.
          </p>
          <a href={outcome.confirmUrl} data-testid="confirm-link" className={`${LINK} block text-sm`}>
            Confirm {email} and continue
          </a>
        </>
      ) : (
        <p className="text-sm text-slate-600">
          <strong className="[overflow-wrap:anywhere]">{email}</strong> already has an account.{" "}
          <Link href="/signin" className={LINK}>
            Sign in
          </Link>{" "}
          instead.
        </p>
      )}
    </div>
  );
}

export function SignUpForm() {
  const { state, onSubmit, isPending, error, fieldErrors } = useFormAction(async (form) => {
    const input = Object.fromEntries(
      ["companyName", "name", "email", "password"].map((k) => [k, String(form.get(k) ?? "")]),
    );
    const result = await signUpAction(input);
    return result.ok
      ? { ok: true as const, data: { outcome: result.data, email: input.email!.trim() } }
      : result;
  });
  if (state?.ok) return <SignUpSent email={state.data.email} outcome={state.data.outcome} />;
  return (
    <form className="space-y-5" noValidate onSubmit={onSubmit}>
      <div>
        <h1 className="text-xl font-semibold">Create your company account</h1>
        <p className="mt-1 text-sm text-slate-600">
          You become the first administrator; invite colleagues afterwards.
        </p>
      </div>
      <FormError message={error} />
      <TextField
        label="Company name"
        name="companyName"
        autoComplete="organization"
        error={fieldErrors.companyName}
        required
      />
      <TextField label="Your name" name="name" autoComplete="name" error={fieldErrors.name} required />
      <TextField
        label="Work email"
        name="email"
        type="email"
        autoComplete="email"
        error={fieldErrors.email}
        hint="We send a link to it: the account is created when you open it."
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        minLength={MIN_PASSWORD_LENGTH}
        required
      />
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Creating…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/signin" className={LINK}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
