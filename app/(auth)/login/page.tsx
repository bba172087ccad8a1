import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Notice } from "@/components/ui/card";
import { publicIdForTenant } from "@/lib/sso/idp";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in with your company account" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ signedOut?: string; company?: string }>;
}) {
  const { signedOut, company } = await searchParams;
  if (company) {
    const publicId = await publicIdForTenant(company);
    if (publicId) redirect(`/api/sso/${publicId}/login`);
  }
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Sign in with your company account</h1>
        <p className="mt-1 text-sm text-slate-500">
          For people whose company set up Rollcall: sign in through your company&apos;s identity provider.
        </p>
      </div>
      {signedOut ? <Notice tone="green">You are signed out.</Notice> : null}
      {company ? (
        <Notice tone="amber" title="This sign-in link is not ready">
          Your company has not finished setting up single sign-on. Enter your work email below, or ask your
          administrator.
        </Notice>
      ) : null}
      <LoginForm />
    </div>
  );
}
