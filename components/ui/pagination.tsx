import Link from "next/link";
import { buttonClass } from "./button";

/** A list's address with its other parameters and page `page`. */
export function pageHref(basePath: string, params: Record<string, string | undefined>, page: number): string {
  const q = new URLSearchParams(
    Object.entries({ ...params, page: String(page) }).filter(([, v]) => v) as [string, string][],
  );
  return `${basePath}?${q.toString()}`;
}

/** Previous / next links that keep the other query parameters. */
export function Pagination({
  page,
  pages,
  hasMore,
  params,
  basePath,
}: {
  page: number;
  pages?: number;
  hasMore?: boolean;
  params: Record<string, string | undefined>;
  basePath: string;
}) {
  const href = (p: number) => pageHref(basePath, params, p);
  const next = pages !== undefined ? page < pages : Boolean(hasMore);
  const link =
    "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
  const off = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 ring-1 ring-inset ring-slate-200";
  return (
    <nav
      aria-label="Pagination"
      className="flex items-center justify-between gap-3 pt-4 text-sm text-slate-600"
    >
      <span>{pages !== undefined ? `Page ${page} of ${pages}` : `Page ${page}`}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={href(page - 1)} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Previous
          </span>
        )}
        {next ? (
          <Link className={link} href={href(page + 1)} rel="next">
            Next
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Next
          </span>
        )}
      </span>
    </nav>
  );
}

/**
 * What a list says on a page number past its last page (an old link, a hand-edited address):
 * where the list ends, and a link to that page, instead of claiming the list is empty.
 */
export function PastLastPage({
  page,
  pages,
  params,
  basePath,
}: {
  page: number;
  pages: number;
  params: Record<string, string | undefined>;
  basePath: string;
}) {
  return (
    <div
      className="rounded-lg border-2 border-dashed border-slate-200 px-6 py-12 text-center"
      data-testid="past-last-page"
    >
      <h2 className="text-sm font-semibold text-slate-900">
        There is no page {page.toLocaleString("en-US")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        This list has {pages.toLocaleString("en-US")} {pages === 1 ? "page" : "pages"}.
      </p>
      <Link href={pageHref(basePath, params, pages)} className={buttonClass("secondary", "mt-5")}>
        Go to the last page
      </Link>
    </div>
  );
}

/**
 * Keyset paging (a cursor, no page numbers): back to the start, and on from where this page ends.
 * Nothing when there is neither.
 */
export function CursorPagination({
  first,
  next,
}: {
  /** The first page (none when this is it). */
  first: { href: string; label: string } | null;
  /** The next page, or what to say when there is none. */
  next: { href: string; label: string } | { end: string };
}) {
  if (!first && "end" in next) return null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 pt-4 text-sm">
      {first ? (
        <Link href={first.href} className={buttonClass("secondary")}>
          {first.label}
        </Link>
      ) : (
        <span />
      )}
      {"end" in next ? (
        <span className="text-slate-600">{next.end}</span>
      ) : (
        <Link href={next.href} className={buttonClass("secondary")} rel="next">
          {next.label}
        </Link>
      )}
    </nav>
  );
}
