import type { Filter, FilterValue } from "@/lib/scim/filter";

function value(v: FilterValue): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Writes a filter AST back as filter text, fully parenthesised (for round-trip tests). */
export function filterText(f: Filter): string {
  switch (f.kind) {
    case "compare":
      return `${f.path} ${f.op} ${value(f.value)}`;
    case "present":
      return `${f.path} pr`;
    case "and":
    case "or":
      return `(${filterText(f.left)} ${f.kind} ${filterText(f.right)})`;
    case "not":
      return `not (${filterText(f.filter)})`;
    case "valuePath":
      return `${f.path}[${filterText(f.filter)}]`;
  }
}
