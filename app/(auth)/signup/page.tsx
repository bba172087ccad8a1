import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentAdmin } from "@/lib/auth/session";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your company account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (await currentAdmin()) redirect("/dashboard");
  return <SignUpForm />;
}
