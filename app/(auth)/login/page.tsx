import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ContinueElsewhere } from "@/components/auth/continue-elsewhere";
import { Notice } from "@/components/ui/card";
import { signInEntryForIdp, signInEntryForTenant } from "@/lib/sso/destination";
import { continueSignInAction } from "./actions";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in with your company account" };
export const dynamic = "force-dynamic";

type Search = Record<"signedOut" | "company" | "idp" | "wait", string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const company = one(params.company);
  const idp = one(params.idp);
  const entry = company ? await signInEntryForTenant(company) : idp ? await signInEntryForIdp(idp) : null;
  if (entry?.trusted) redirect(`/api/sso/${entry.publicId}/login`);
  // A company sign-in link (`?company=<tenant id>`) or an IdP's Sign on URL (`?idp=<public id>`)
  // whose login host Rollcall cannot vouch for: the page names the host people are about to
  // continue at, instead of redirecting there on Rollcall's authority.
  if (entry) {
    return (
      <ContinueElsewhere
        companyName={entry.companyName}
        host={entry.host}
        wait={one(params.wait)}
        action={continueSignInAction}
        hidden={{ idp: entry.publicId }}
        emailHref="/login"
      />
    );
  }
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Sign in with your company account</h1>
        <p className="mt-1 text-sm text-slate-600">
          For people whose company set up Rollcall: sign in through your company&apos;s identity provider.
        </p>
      </div>
      {one(params.signedOut) ? <Notice tone="green">You are signed out.</Notice> : null}
      {company !== undefined || idp !== undefined ? (
        <Notice tone="amber" title="This sign-in link is not ready">
          Your company has not finished setting up single sign-on. Enter your work email below, or ask your
          administrator.
        </Notice>
      ) : null}
      <LoginForm />
    </div>
  );
}
