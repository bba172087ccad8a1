import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { isRefusalCode, REFUSAL_MESSAGES } from "@/lib/sso/errors";

export const metadata: Metadata = { title: "Sign-in refused" };

export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason = "" } = await searchParams;
  const message = isRefusalCode(reason)
    ? REFUSAL_MESSAGES[reason]
    : { title: "You could not be signed in", body: "Please start again from your company's sign-in page." };
  return (
    <Card>
      <div role="alert" data-testid="sso-refused" data-reason={isRefusalCode(reason) ? reason : "unknown"}>
        <h1 className="text-xl font-semibold text-slate-900">{message.title}</h1>
        <p className="mt-2 text-sm text-slate-600">{message.body}</p>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/login" className="font-semibold text-indigo-600 hover:underline">
          Back to sign-in
        </Link>
      </p>
    </Card>
  );
}
