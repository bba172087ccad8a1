import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentOperator } from "@/lib/operators/current";
import { OperatorSignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Operator sign-in" };
export const dynamic = "force-dynamic";

export default async function OperatorSignInPage() {
  if (await currentOperator()) redirect("/operator");
  return (
    <main
      id="main"
      tabIndex={-1}
      className="outline-none flex min-h-screen flex-col items-center justify-center px-4 py-12"
    >
      <div className="mb-8 flex items-center gap-2 text-lg font-semibold text-slate-900">
        <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-slate-900 text-white">
          R
        </span>
        Rollcall <span className="font-normal text-slate-600">operator</span>
      </div>
      <div className="w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <OperatorSignInForm />
      </div>
    </main>
  );
}
