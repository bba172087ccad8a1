import type { Metadata } from "next";
import { Notice } from "@/components/ui/card";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in with your company account" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ signedOut?: string }> }) {
  const { signedOut } = await searchParams;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Sign in with your company account</h1>
        <p className="mt-1 text-sm text-slate-500">
          For people whose company set up Rollcall: sign in through your company&apos;s identity provider.
        </p>
      </div>
      {signedOut ? <Notice tone="green">You are signed out.</Notice> : null}
      <LoginForm />
    </div>
  );
}
