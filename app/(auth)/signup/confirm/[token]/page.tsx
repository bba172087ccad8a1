import type { Metadata } from "next";
import { ConfirmLink, LinkDoesNotWork } from "@/components/auth/account-links";
import { findPendingSignUp, SIGN_UP_HOURS } from "@/lib/accounts/sign-up";
import { confirmSignUpAction } from "../../actions";

export const metadata: Metadata = { title: "Confirm your email" };
export const dynamic = "force-dynamic";

export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const pending = await findPendingSignUp(token);
  if (!pending) {
    return (
      <LinkDoesNotWork>
        It was used already, or it is more than {SIGN_UP_HOURS} hours old. Sign in if your account exists, or
        sign up again.
      </LinkDoesNotWork>
    );
  }
  return (
    <ConfirmLink
      title={`Create ${pending.companyName}`}
      label="Confirm and sign in"
      confirm={confirmSignUpAction.bind(null, token)}
    >
      <p>
        Confirm <strong className="[overflow-wrap:anywhere]">{pending.email}</strong> as your email address:
        your company account is created and you are signed in as its first administrator.
      </p>
    </ConfirmLink>
  );
}
