import Link from "next/link";

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
  const href = (p: number) => {
    const q = new URLSearchParams(
      Object.entries({ ...params, page: String(p) }).filter(([, v]) => v) as [string, string][],
    );
    return `${basePath}?${q.toString()}`;
  };
  const next = pages !== undefined ? page < pages : Boolean(hasMore);
  const link =
    "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  const off = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-300 ring-1 ring-inset ring-slate-200";
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
