"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export const IDP_TABS = [
  { path: "", label: "Overview" },
  { path: "/sso", label: "Single sign-on" },
  { path: "/provisioning", label: "Provisioning" },
  { path: "/activity", label: "Sign-in activity" },
  { path: "/health", label: "Health" },
] as const;

/**
 * The identity provider page's sections, each its own route (linkable). A row of links, the
 * current one marked `aria-current="page"`; on a narrow screen the row scrolls within itself (the
 * current tab scrolled into view), never the page.
 */
export function IdpTabs({ idpId }: { idpId: string }) {
  const pathname = usePathname();
  const base = `/identity-providers/${idpId}`;
  const current = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    current.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [pathname]);
  return (
    <nav aria-label="Identity provider" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {IDP_TABS.map((tab) => {
          const href = `${base}${tab.path}`;
          const active = pathname === href;
          return (
            <li key={tab.path} className="shrink-0">
              <Link
                ref={active ? current : undefined}
                href={href}
                aria-current={active ? "page" : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 ${
                  active
                    ? "border-indigo-600 text-indigo-700"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
