import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { signInEntryForIdp, signInEntryForTenant, type SignInEntry } from "@/lib/sso/destination";
import { continueSignInAction } from "./actions";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in with your company account" };
export const dynamic = "force-dynamic";

type Search = Record<"signedOut" | "company" | "idp" | "wait", string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/**
 * A company sign-in link (`?company=<tenant id>`) or an IdP's Sign on URL whose login host Rollcall
 * cannot vouch for (`?idp=<public id>`): the page names the host people are about to continue at,
 * instead of redirecting there on Rollcall's authority.
 */
function ContinueElsewhere({ entry, wait }: { entry: SignInEntry; wait: string | undefined }) {
  const company = entry.companyName || "your company";
  return (
    <div className="space-y-5" data-testid="sso-interstitial" data-host={entry.host}>
      <div>
        <h1 className="text-xl font-semibold">Sign in to {company}</h1>
        <p className="mt-1 text-sm text-slate-500">You will continue at</p>
        <p className="mt-1 font-mono text-base font-semibold break-all text-slate-900" data-testid="sso-host">
          {entry.host}
        </p>
      </div>
      <p className="text-sm text-slate-600">
        This is the sign-in page {company}&apos;s administrator set up. Rollcall has not checked this address:
        continue only if it is where your company signs you in.
      </p>
      {wait && /^\d+$/.test(wait) ? (
        <Notice tone="amber">
          Too many sign-in attempts from your network. Try again in {wait} seconds.
        </Notice>
      ) : null}
      <form action={continueSignInAction}>
        <input type="hidden" name="idp" value={entry.publicId} />
        <Button type="submit" className="w-full">
          Continue to {entry.host}
        </Button>
      </form>
      <p className="text-center text-sm text-slate-500">
        <Link href="/login" className="font-semibold text-indigo-600 hover:underline">
          Sign in with your work email instead
        </Link>
      </p>
    </div>
  );
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const company = one(params.company);
  const idp = one(params.idp);
  const entry = company ? await signInEntryForTenant(company) : idp ? await signInEntryForIdp(idp) : null;
  if (entry?.trusted) redirect(`/api/sso/${entry.publicId}/login`);
  if (entry) return <ContinueElsewhere entry={entry} wait={one(params.wait)} />;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">Sign in with your company account</h1>
        <p className="mt-1 text-sm text-slate-500">
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
