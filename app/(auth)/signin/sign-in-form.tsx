"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { failed } from "@/lib/action-state";
import { TOO_MANY_ATTEMPTS } from "@/lib/auth/constants";

export function SignInForm({ initialEmail, notice }: { initialEmail: string; notice: string | null }) {
  const router = useRouter();
  const { onSubmit, isPending, error } = useFormAction(async (form) => {
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!email || !password) return failed("Enter your email and password");
    const result = await signIn("credentials", { email, password, redirect: false });
    if (!result || result.error) {
      return failed(
        result?.error === TOO_MANY_ATTEMPTS
          ? "Too many wrong passwords. Sign-in for this account is paused for up to 15 minutes."
          : "Wrong email or password",
      );
    }
    router.replace("/dashboard");
    router.refresh();
    return { ok: true, data: undefined };
  });
  return (
    <form className="space-y-5" noValidate onSubmit={onSubmit}>
      <div>
        <h1 className="text-xl font-semibold">Sign in to your company</h1>
        <p className="mt-1 text-sm text-slate-600">Company administrators sign in here.</p>
      </div>
      {notice ? (
        <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          {notice}
        </p>
      ) : null}
      <FormError message={error} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={initialEmail}
        required
      />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <p className="-mt-3 text-right text-sm">
        <Link href="/forgot-password" className="font-semibold text-indigo-600 hover:underline">
          Forgot your password?
        </Link>
      </p>
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        New to Rollcall?{" "}
        <Link href="/signup" className="font-semibold text-indigo-600 hover:underline">
          Create a company account
        </Link>
      </p>
      <p className="text-center text-sm text-slate-600">
        Not an administrator?{" "}
        <Link href="/login" className="font-semibold text-indigo-600 hover:underline">
          Sign in with your company account
        </Link>
      </p>
    </form>
  );
}
