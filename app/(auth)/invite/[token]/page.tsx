import type { Metadata } from "next";
import Link from "next/link";
import { findInvite } from "@/lib/tenants/invites";
import { AcceptInviteForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Join your company" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInvite(token);
  if (!invite) {
    return (
      <div className="space-y-3 text-center">
        <h1 className="text-xl font-semibold">This invite link does not work</h1>
        <p className="text-sm text-slate-600">
          It may have been used already or expired. Ask an administrator for a new one.
        </p>
        <Link href="/signin" className="text-sm font-semibold text-indigo-600 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  return <AcceptInviteForm token={token} email={invite.email} company={invite.tenant.name} />;
}
