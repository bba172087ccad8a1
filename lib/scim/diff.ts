/** Attribute-level differences between two documents, for the provisioning log. */
import { isObject, type Json, type JsonObject } from "./document";

function flatten(value: Json | undefined, prefix: string, out: Map<string, Json>): void {
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (value !== undefined) out.set(prefix, value);
}

export function diffDocs(
  before: JsonObject | null,
  after: JsonObject | null,
): { path: string; before?: Json; after?: Json }[] {
  const a = new Map<string, Json>();
  const b = new Map<string, Json>();
  if (before) flatten(before, "", a);
  if (after) flatten(after, "", b);
  const changes: { path: string; before?: Json; after?: Json }[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    changes.push({
      path,
      ...(x !== undefined ? { before: x } : {}),
      ...(y !== undefined ? { after: y } : {}),
    });
  }
  return changes;
}
