import type { ReactNode } from "react";

/** Facts about one thing (an endpoint, an application): a term and its value a row, in a card. */
export function Details({ children }: { children: ReactNode }) {
  return <dl className="-my-3 divide-y divide-slate-100">{children}</dl>;
}

export function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[10rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}
