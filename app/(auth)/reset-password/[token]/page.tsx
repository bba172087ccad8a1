import type { Metadata } from "next";
import { LinkDoesNotWork } from "@/components/auth/account-links";
import { findPasswordReset } from "@/lib/accounts/password-reset";
import { RESET_MINUTES } from "@/lib/auth/constants";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await findPasswordReset(token);
  if (!reset) {
    return (
      <LinkDoesNotWork>
        A reset link works once, for {RESET_MINUTES} minutes, and only the newest one. Ask for a new one from
        the sign-in page.
      </LinkDoesNotWork>
    );
  }
  return <ResetPasswordForm token={token} email={reset.email} company={reset.tenantName} />;
}
