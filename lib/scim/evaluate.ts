/**
 * In-memory evaluation of a value filter against one value of a multi-valued attribute, as PATCH
 * paths need (`emails[type eq "work"]`, `members[value eq "…"]`). Listing resources never uses
 * this: list filters become SQL (see query.ts).
 */
import { fold } from "@/lib/db/fold";
import type { Json, JsonObject } from "./document";
import { isObject } from "./document";
import { ScimError } from "./errors";
import type { Filter, FilterValue } from "./filter";
import { findAttr } from "./schema/registry";
import type { AttributeDef } from "./schema/types";

const ORDER: Record<string, (c: number) => boolean> = {
  eq: (c) => c === 0,
  ne: (c) => c !== 0,
  gt: (c) => c > 0,
  ge: (c) => c >= 0,
  lt: (c) => c < 0,
  le: (c) => c <= 0,
};

/** Compares a stored value with a filter literal the way the SQL filters do (see query.ts). */
function compareValues(a: Json, b: FilterValue, def: AttributeDef, op: string): boolean {
  if (a === null || a === undefined) return op === "ne" ? b !== null : false;
  if (b === null) return op === "ne";
  if (def.type === "boolean") {
    const bb = typeof b === "string" ? b.toLowerCase() === "true" : b === true;
    if (op === "eq") return a === bb;
    if (op === "ne") return a !== bb;
    return false;
  }
  if ((def.type === "integer" || def.type === "decimal") && typeof a === "number") {
    const n = Number(b);
    if (!Number.isFinite(n) || !ORDER[op]) return false;
    return ORDER[op](a - n);
  }
  // Every other attribute compares as text, whatever the literal looks like.
  const x = def.caseExact ? String(a) : fold(String(a));
  const y = def.caseExact ? String(b) : fold(String(b));
  if (op === "co") return x.includes(y);
  if (op === "sw") return x.startsWith(y);
  if (op === "ew") return x.endsWith(y);
  return ORDER[op]?.(x < y ? -1 : x > y ? 1 : 0) ?? false;
}

/** Does `element` (one value of the multi-valued attribute `def`) match `filter`? */
export function matchesValue(filter: Filter, element: Json, def: AttributeDef): boolean {
  switch (filter.kind) {
    case "and":
      return matchesValue(filter.left, element, def) && matchesValue(filter.right, element, def);
    case "or":
      return matchesValue(filter.left, element, def) || matchesValue(filter.right, element, def);
    case "not":
      return !matchesValue(filter.filter, element, def);
    case "valuePath":
      throw new ScimError(400, "Nested value filters are not supported", "invalidFilter");
    case "present":
    case "compare": {
      if (def.type !== "complex" && filter.path.toLowerCase() === "value") {
        // A multi-valued simple attribute: the element is the value itself.
        if (filter.kind === "present") return element !== null && element !== "";
        return compareValues(element, filter.value, def, filter.op);
      }
      const sub = findAttr(def.subAttributes, filter.path);
      if (!sub) {
        throw new ScimError(400, `"${def.name}" has no sub-attribute "${filter.path}"`, "invalidFilter");
      }
      const value = isObject(element) ? (element as JsonObject)[sub.name] : undefined;
      if (filter.kind === "present") return value !== undefined && value !== null && value !== "";
      return compareValues(value ?? null, filter.value, sub, filter.op);
    }
  }
}
