import type { Metadata } from "next";
import { requirePendingSession } from "@/lib/auth/session";
import { twoFactorStatus } from "@/lib/auth/two-factor";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = { title: "Second step" };
export const dynamic = "force-dynamic";

export default async function VerifyPage() {
  const session = await requirePendingSession();
  const status = await twoFactorStatus(session);
  return <VerifyForm email={session.email} totp={status.totp} passkey={status.passkeys.length > 0} />;
}
