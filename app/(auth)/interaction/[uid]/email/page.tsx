import type { Metadata } from "next";
import { SignInExpired } from "@/components/auth/sign-in-expired";
import { Notice } from "@/components/ui/card";
import { LoginForm } from "../../../login/login-form";
import { signInWithEmailAction } from "../actions";
import { pageInteraction } from "../current";

export const metadata: Metadata = { title: "Sign in with your work email" };
export const dynamic = "force-dynamic";

type Search = Record<"notice" | "email", string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/**
 * An application's sign-in without a company named: "Enter your work email", as at /login; the
 * email's verified domain picks the company, whose identity provider then signs the person in.
 */
export default async function InteractionEmailPage(props: {
  params: Promise<{ uid: string }>;
  searchParams: Promise<Search>;
}) {
  const { uid, interaction } = await pageInteraction(props.params);
  const search = await props.searchParams;
  if (!interaction) return <SignInExpired />;
  const notice = one(search.notice);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Sign in to {interaction.app.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Enter your work email: you sign in through your company&apos;s identity provider.
        </p>
      </div>
      {notice === "unknown_domain" ? (
        <Notice tone="amber" title="No company sign-in for this address">
          No company has set up sign-in for this email domain. Check the address, or ask your administrator.
        </Notice>
      ) : notice === "not_allowed" ? (
        <Notice tone="amber" title="Your company cannot sign in here">
          Your company cannot sign in to {interaction.app.name}. Ask your administrator.
        </Notice>
      ) : null}
      <LoginForm
        action={signInWithEmailAction.bind(null, uid)}
        defaultEmail={one(search.email)}
        adminLink={false}
      />
    </div>
  );
}
