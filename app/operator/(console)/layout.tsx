import Link from "next/link";
import type { ReactNode } from "react";
import { OperatorNav } from "@/components/operator/nav";
import { requireOperator } from "@/lib/operators/current";
import { operatorSignOutAction } from "./actions";

export const dynamic = "force-dynamic";

/** The operator console: every tenant, the API keys, the webhooks, the events. Operators only (requireOperator). */
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-800 bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <Link href="/operator" className="flex min-w-0 items-center gap-2 font-semibold">
            <span
              aria-hidden
              className="grid h-7 w-7 place-items-center rounded-md bg-white text-sm text-slate-900"
            >
              R
            </span>
            <span>Rollcall</span>
            <span className="text-slate-400">operator</span>
          </Link>
          <div className="flex min-w-0 items-center gap-3 text-sm">
            <span className="hidden truncate text-slate-300 sm:inline" data-testid="operator-email">
              {operator.email}
            </span>
            <form action={operatorSignOutAction}>
              <button
                type="submit"
                className="rounded-md px-2.5 py-1.5 text-sm font-semibold text-white ring-1 ring-inset ring-slate-600 hover:bg-slate-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row">
        <aside className="md:w-44 md:shrink-0">
          <OperatorNav />
        </aside>
        <main id="main" tabIndex={-1} className="outline-none min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
