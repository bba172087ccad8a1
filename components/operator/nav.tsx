"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/**
 * The operator console's sections. A section is listed here once its page exists; webhook
 * endpoints (their delivery log, replay, test send) sit next to API keys, the other way out of
 * Rollcall; applications (the OpenID Provider's clients) come before the roles their ID tokens
 * carry, which tenants map their groups to.
 */
export const OPERATOR_SECTIONS = [
  { href: "/operator", label: "Tenants", exact: true },
  { href: "/operator/api-keys", label: "API keys", exact: false },
  { href: "/operator/webhooks", label: "Webhooks", exact: false },
  { href: "/operator/applications", label: "Applications", exact: false },
  { href: "/operator/roles", label: "Roles", exact: false },
  { href: "/operator/events", label: "Events", exact: false },
] as const;

export function OperatorNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Operator console" className="flex flex-wrap gap-1 md:flex-col">
      {OPERATOR_SECTIONS.map((section) => {
        const active = section.exact
          ? pathname === section.href
          : pathname === section.href || pathname.startsWith(`${section.href}/`);
        return (
          <Link
            key={section.href}
            href={section.href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
              active ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-200 hover:text-slate-900"
            }`}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
