import type { ReactNode } from "react";

/**
 * Below `md`, a table given `cards` shows each row as a card: the header row is not displayed and
 * every cell is a line of its own, led by its column's name (Td's `label`) — decision 0019. A
 * table without `cards` keeps its columns and scrolls inside its own box. The box is positioned, so
 * that screen-reader-only text in a cell (absolutely positioned) cannot stretch the page.
 */
export function Table({
  children,
  testId,
  cards = false,
}: {
  children: ReactNode;
  testId?: string;
  cards?: boolean;
}) {
  return (
    <div
      className={`relative rounded-lg bg-white shadow-sm ring-1 ring-slate-200 ${
        cards ? "md:overflow-x-auto" : "overflow-x-auto"
      }`}
    >
      <table
        data-testid={testId}
        className={`min-w-full divide-y divide-slate-200 text-sm ${
          cards
            ? "max-md:block max-md:[&_tbody]:block max-md:[&_td]:flex max-md:[&_td]:gap-3 max-md:[&_td]:px-0 max-md:[&_td]:py-1 max-md:[&_thead]:hidden max-md:[&_tr]:block max-md:[&_tr]:px-4 max-md:[&_tr]:py-3"
            : ""
        }`}
      >
        {children}
      </table>
    </div>
  );
}

export function Th({
  children,
  className = "",
  sort,
}: {
  children?: ReactNode;
  className?: string;
  /** The column the rows are sorted by, and how (aria-sort belongs on the header cell). */
  sort?: "ascending" | "descending";
}) {
  return (
    <th
      scope="col"
      aria-sort={sort}
      className={`whitespace-nowrap px-4 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 ${className}`}
    >
      {children}
    </th>
  );
}

export function Td({
  children,
  className = "",
  label,
}: {
  children?: ReactNode;
  className?: string;
  /** The column's name, shown before the value when the table shows its rows as cards. */
  label?: string;
}) {
  return (
    <td className={`px-4 py-2.5 align-top ${className}`}>
      {label ? (
        <>
          <span className="w-28 shrink-0 pt-0.5 text-xs font-semibold uppercase tracking-wide text-slate-600 md:hidden">
            {label}
          </span>
          <div className="min-w-0 flex-1">{children}</div>
        </>
      ) : (
        children
      )}
    </td>
  );
}

/** The header of a column of row actions: named for screen readers only. */
export function ThActions() {
  return (
    <Th>
      <span className="sr-only">Actions</span>
    </Th>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-slate-100">{children}</tbody>;
}
