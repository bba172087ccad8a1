import type { Metadata } from "next";
import type { ReactNode } from "react";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set-up", robots: { index: false, follow: false } };

/** The set-up link's pages: Rollcall's name, no navigation (a link reaches only its set-up). */
export default function SetupLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center gap-2 px-4 py-3 font-semibold text-slate-900 sm:px-6">
          <span
            aria-hidden
            className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white"
          >
            R
          </span>
          <span>Rollcall</span>
          <span className="text-slate-300">/</span>
          <span className="font-medium text-slate-600">Set-up</span>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-4xl space-y-6 px-4 py-6 outline-none sm:px-6">
        {children}
      </main>
    </div>
  );
}
