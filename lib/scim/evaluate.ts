/**
 * In-memory evaluation of a value filter against one value of a multi-valued attribute, as PATCH
 * paths need (`emails[type eq "work"]`, `members[value eq "…"]`). Listing resources never uses
 * this: list filters become SQL (see query.ts).
 */
import type { Json, JsonObject } from "./document";
import { isObject } from "./document";
import { ScimError } from "./errors";
import type { Filter, FilterValue } from "./filter";
import { findAttr } from "./schema/registry";
import type { AttributeDef } from "./schema/types";

function compareValues(a: Json, b: FilterValue, caseExact: boolean, op: string): boolean {
  if (a === null || a === undefined) return op === "ne" ? b !== null : false;
  if (typeof a === "string" && typeof b === "string") {
    const x = caseExact ? a : a.toLowerCase();
    const y = caseExact ? b : b.toLowerCase();
    switch (op) {
      case "eq":
        return x === y;
      case "ne":
        return x !== y;
      case "co":
        return x.includes(y);
      case "sw":
        return x.startsWith(y);
      case "ew":
        return x.endsWith(y);
      case "gt":
        return x > y;
      case "ge":
        return x >= y;
      case "lt":
        return x < y;
      case "le":
        return x <= y;
    }
  }
  if (typeof a === "boolean" || typeof b === "boolean") {
    const bb = typeof b === "string" ? b.toLowerCase() === "true" : b;
    if (op === "eq") return a === bb;
    if (op === "ne") return a !== bb;
    return false;
  }
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "eq":
        return a === b;
      case "ne":
        return a !== b;
      case "gt":
        return a > b;
      case "ge":
        return a >= b;
      case "lt":
        return a < b;
      case "le":
        return a <= b;
    }
  }
  if (op === "eq") return String(a) === String(b);
  if (op === "ne") return String(a) !== String(b);
  return false;
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
      const sub = findAttr(def.subAttributes, filter.path);
      if (!sub) {
        throw new ScimError(400, `"${def.name}" has no sub-attribute "${filter.path}"`, "invalidFilter");
      }
      const value = isObject(element) ? (element as JsonObject)[sub.name] : undefined;
      if (filter.kind === "present") return value !== undefined && value !== null && value !== "";
      return compareValues(value ?? null, filter.value, sub.caseExact, filter.op);
    }
  }
}
