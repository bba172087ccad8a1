import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentAdmin } from "@/lib/auth/session";
import { textParam } from "@/lib/search-params";
import { PasskeySignIn } from "./passkey-sign-in";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string | string[]; from?: string | string[] }>;
}) {
  if (await currentAdmin()) redirect("/dashboard");
  const { email, from } = await searchParams;
  return (
    <>
      <SignInForm
        initialEmail={textParam(email, 320) ?? ""}
        notice={
          from === "reset"
            ? "Your password was changed. Sign in with the new one."
            : from === "deleted"
              ? "The company was deleted, with everything Rollcall held for it."
              : null
        }
      />
      <PasskeySignIn />
    </>
  );
}
