import type { ReactNode } from "react";

/** The end-user area: provisioned users after single sign-on (no admin navigation). */
export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1} className="outline-none flex min-h-screen flex-col items-center px-4 py-12">
      <div className="mb-8 flex items-center gap-2 text-lg font-semibold text-slate-900">
        <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-indigo-600 text-white">
          R
        </span>
        Rollcall
      </div>
      <div className="w-full max-w-xl">{children}</div>
    </main>
  );
}
