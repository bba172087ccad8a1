import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

/**
 * The page a sign-in shows when Rollcall cannot vouch for the identity provider's login host
 * (lib/sso/destination.ts): it names the host people are about to continue at; its Continue button
 * is a server action, so only a page of Rollcall's own origin can start the redirect.
 */
export function ContinueElsewhere({
  companyName,
  host,
  wait,
  action,
  hidden,
  emailHref,
}: {
  companyName: string;
  host: string;
  wait: string | undefined;
  action: (form: FormData) => Promise<void>;
  hidden: Record<string, string>;
  emailHref: string;
}) {
  const company = companyName || "your company";
  return (
    <div className="space-y-5" data-testid="sso-interstitial" data-host={host}>
      <div>
        <h1 className="text-xl font-semibold">Sign in to {company}</h1>
        <p className="mt-1 text-sm text-slate-600">You will continue at</p>
        <p className="mt-1 font-mono text-base font-semibold break-all text-slate-900" data-testid="sso-host">
          {host}
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
      <form action={action}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Button type="submit" className="w-full">
          Continue to {host}
        </Button>
      </form>
      <p className="text-center text-sm text-slate-600">
        <Link href={emailHref} className="font-semibold text-indigo-600 hover:underline">
          Sign in with your work email instead
        </Link>
      </p>
    </div>
  );
}
