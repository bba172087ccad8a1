"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export type Section = {
  href: string;
  label: string;
  /** Current only on this exact path. */ exact?: boolean;
};

const TONES = {
  portal: {
    active: "bg-indigo-50 text-indigo-700",
    idle: "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
  },
  operator: {
    active: "bg-slate-900 text-white",
    idle: "text-slate-700 hover:bg-slate-200 hover:text-slate-900",
  },
} as const;

function isCurrent(section: Section, pathname: string): boolean {
  return section.exact
    ? pathname === section.href
    : pathname === section.href || pathname.startsWith(`${section.href}/`);
}

/**
 * An area's sections (decision 0019). From `md` up a column of links beside the page; below it a
 * "Menu" disclosure (a native <details>, so it opens without JavaScript) naming the current section
 * and listing every section, closed again after each navigation. Only one of the two is displayed
 * at a time, so only one navigation landmark is ever exposed.
 */
export function SectionNav({
  label,
  sections,
  tone = "portal",
}: {
  label: string;
  sections: readonly Section[];
  tone?: keyof typeof TONES;
}) {
  const pathname = usePathname();
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  const current = sections.find((s) => isCurrent(s, pathname));
  const links = (
    <ul className="flex flex-col gap-1">
      {sections.map((section) => {
        const active = isCurrent(section, pathname);
        return (
          <li key={section.href}>
            <Link
              href={section.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
                active ? TONES[tone].active : TONES[tone].idle
              }`}
            >
              {section.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
  return (
    <>
      <details
        ref={menu}
        className="group rounded-lg bg-white shadow-sm ring-1 ring-slate-200 md:hidden"
        data-testid="section-menu"
      >
        <summary className="flex cursor-pointer list-none items-center justify-between gap-3 rounded-lg px-4 py-3 text-sm font-semibold text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 [&::-webkit-details-marker]:hidden">
          <span className="flex min-w-0 items-center gap-2">
            <svg aria-hidden viewBox="0 0 20 20" className="h-5 w-5 shrink-0 fill-current">
              <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
            </svg>
            <span>Menu</span>
            {current ? (
              <span className="truncate font-normal text-slate-600">
                <span className="sr-only">, current section: </span>
                <span aria-hidden>· </span>
                {current.label}
              </span>
            ) : null}
          </span>
          <span aria-hidden className="text-slate-600 transition group-open:rotate-180">
            ▾
          </span>
        </summary>
        <nav aria-label={label} className="border-t border-slate-100 p-2">
          {links}
        </nav>
      </details>
      <nav aria-label={label} className="hidden md:block">
        {links}
      </nav>
    </>
  );
}
