import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmLink, LinkDoesNotWork } from "@/components/auth/account-links";
import { EMAIL_CHANGE_HOURS, findEmailChange } from "@/lib/accounts/profile";
import { confirmEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your new email address" };
export const dynamic = "force-dynamic";

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const change = await findEmailChange(token);
  if (!change) {
    return (
      <LinkDoesNotWork>
        It was used already, replaced by a newer one, or it is more than {EMAIL_CHANGE_HOURS} hours old. Ask
        for the change again in Profile settings.
      </LinkDoesNotWork>
    );
  }
  return (
    <ConfirmLink
      title="Confirm your new email address"
      label="Confirm new address"
      confirm={confirmEmailChangeAction.bind(null, token)}
      done={
        <div className="space-y-3">
          <h1 className="text-xl font-semibold">Email address changed</h1>
          <p className="text-sm text-slate-600">
            You sign in with <strong className="[overflow-wrap:anywhere]">{change.newEmail}</strong> from now
            on.
          </p>
          <Link href="/settings/profile" className="text-sm font-semibold text-indigo-600 hover:underline">
            Go to your profile
          </Link>
        </div>
      }
    >
      <p>
        Sign in to {change.tenantName} in Rollcall with{" "}
        <strong className="[overflow-wrap:anywhere]">{change.newEmail}</strong> from now on.
      </p>
    </ConfirmLink>
  );
}
