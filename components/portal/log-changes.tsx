import { Breakable } from "@/components/ui/breakable";
import type { Change } from "@/lib/scim/resources/types";

function show(value: unknown): string {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Attribute-level changes of one request (path, before → after); long lists fold away. */
export function LogChanges({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <span className="text-xs text-slate-600">No changes</span>;
  if (changes.length <= 3) return <ChangeList changes={changes} />;
  return (
    <details className="group">
      <summary className="cursor-pointer text-xs font-medium text-indigo-700 hover:underline">
        {changes.length} changes
      </summary>
      <div className="mt-1">
        <ChangeList changes={changes} />
      </div>
    </details>
  );
}

function ChangeList({ changes }: { changes: Change[] }) {
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {changes.map((c, i) => (
        <li key={i} className="break-words">
          <span className="text-slate-600">
            <Breakable text={c.path} />
          </span>{" "}
          {c.before !== undefined ? (
            <del className="bg-red-50 text-red-700 no-underline">{show(c.before)}</del>
          ) : null}
          {c.before !== undefined && c.after !== undefined ? (
            <span className="text-slate-600"> → </span>
          ) : null}
          {c.after !== undefined ? (
            <ins className="bg-emerald-50 text-emerald-800 no-underline">{show(c.after)}</ins>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
