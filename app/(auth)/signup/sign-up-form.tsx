"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";
import { signUpAction } from "./actions";

export function SignUpForm() {
  const router = useRouter();
  const { onSubmit, isPending, error, fieldErrors } = useFormAction(async (form) => {
    const input = Object.fromEntries(
      ["companyName", "name", "email", "password"].map((k) => [k, String(form.get(k) ?? "")]),
    );
    const result = await signUpAction(input);
    if (!result.ok) return result;
    const signedIn = await signIn("credentials", {
      email: input.email,
      password: input.password,
      redirect: false,
    });
    if (!signedIn || signedIn.error) {
      router.replace(`/signin?email=${encodeURIComponent(input.email ?? "")}&from=signup`);
      return result;
    }
    router.replace("/dashboard");
    router.refresh();
    return result;
  });
  return (
    <form className="space-y-5" noValidate onSubmit={onSubmit}>
      <div>
        <h1 className="text-xl font-semibold">Create your company account</h1>
        <p className="mt-1 text-sm text-slate-500">
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
      <p className="text-center text-sm text-slate-500">
        Already have an account?{" "}
        <Link href="/signin" className="font-semibold text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
