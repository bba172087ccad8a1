import Link from "next/link";
import type { UndefinedAttribute } from "@/lib/custom-attributes/service";
import { formatDateTime } from "@/lib/format";
import { clientName } from "@/lib/provisioning/clients";

/** "Entra ID sent costCentre, which is not defined" — each with its one-click way to define it. */
export function UndefinedAttributesList({ items }: { items: UndefinedAttribute[] }) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="undefined-attributes">
      {items.map((u) => (
        <li key={u.path} className="flex flex-wrap items-center justify-between gap-3 py-2.5 text-sm">
          <span className="min-w-0">
            {clientName(u.userAgent)} sent <code className="break-all font-mono text-xs">{u.path}</code>,
            which is not defined
            <span className="block text-xs text-slate-600">
              {u.requests} request{u.requests === 1 ? "" : "s"} refused, last {formatDateTime(u.lastAt)}
            </span>
          </span>
          <Link
            href={`/attributes?define=${encodeURIComponent(u.path)}#define`}
            className="text-sm font-semibold text-indigo-700 hover:underline"
          >
            Define {u.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
