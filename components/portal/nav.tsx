"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/identity-providers", label: "Identity providers" },
  { href: "/users", label: "Users" },
  { href: "/groups", label: "Groups" },
  { href: "/attributes", label: "Custom attributes" },
  { href: "/logs", label: "Provisioning log" },
  { href: "/audit", label: "Audit log" },
  { href: "/settings/profile", label: "Profile settings" },
  { href: "/settings/team", label: "Administrators" },
  { href: "/settings/guard", label: "Deprovisioning guard" },
  { href: "/settings/roles", label: "Roles" },
];

export function PortalNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto md:flex-col">
      {LINKS.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
              active
                ? "bg-indigo-50 text-indigo-700"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
