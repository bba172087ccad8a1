import Link from "next/link";
import type { ReactNode } from "react";
import { PortalNav } from "@/components/portal/nav";
import { SignOutButton } from "@/components/portal/sign-out-button";
import { requireEnrollingAdmin } from "@/lib/auth/session";
import { heldCount } from "@/lib/provisioning/guard";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const admin = await requireEnrollingAdmin();
  const held = await heldCount(admin.tenantId);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <Link href="/dashboard" className="flex items-center gap-2 font-semibold text-slate-900">
            <span
              aria-hidden
              className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white"
            >
              R
            </span>
            <span>Rollcall</span>
            <span aria-hidden className="hidden text-slate-400 sm:inline">
              /
            </span>
            <span data-testid="company-name" className="hidden truncate font-medium text-slate-600 sm:inline">
              {admin.tenantName}
            </span>
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden text-slate-600 sm:inline" data-testid="admin-email">
              {admin.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row">
        <aside className="md:w-52 md:shrink-0">
          <PortalNav />
        </aside>
        <main id="main" tabIndex={-1} className="outline-none min-w-0 flex-1">
          {held > 0 ? (
            <div
              role="alert"
              data-testid="guard-banner"
              className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
            >
              <span>
                <strong>Mass deprovisioning held:</strong> {held} disable{held === 1 ? "" : "s"}/delete
                {held === 1 ? "" : "s"} from your identity provider wait{held === 1 ? "s" : ""} for your
                decision.
              </span>
              <Link href="/settings/guard" className="font-semibold underline">
                Review
              </Link>
            </div>
          ) : null}
          {children}
        </main>
      </div>
    </div>
  );
}
