import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main
      id="main"
      tabIndex={-1}
      className="outline-none flex min-h-screen flex-col items-center justify-center px-4 py-12"
    >
      <div className="mb-8 flex items-center gap-2 text-lg font-semibold text-slate-900">
        <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-indigo-600 text-white">
          R
        </span>
        Rollcall
      </div>
      <div className="w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        {children}
      </div>
    </main>
  );
}
