/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5), applied to an outgoing resource. */
import { isObject, type JsonObject } from "./document";
import { findAttr, resolvePath, schemasOf } from "./schema/registry";
import type { AttributeDef, ResourceTypeDef } from "./schema/types";
import { commonAttributes } from "./schema/common";

export type Projection = { attributes: string[] | null; excluded: string[] };

export const NO_PROJECTION: Projection = { attributes: null, excluded: [] };

function list(value: unknown): string[] {
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string").flatMap(list);
  return [];
}

export function parseProjection(attributes: unknown, excluded: unknown): Projection {
  const a = list(attributes);
  return { attributes: a.length > 0 ? a : null, excluded: list(excluded) };
}

type Selection = { whole: Set<string>; subs: Map<string, Set<string>> };

function select(type: ResourceTypeDef, paths: string[]): Selection {
  const whole = new Set<string>();
  const subs = new Map<string, Set<string>>();
  for (const path of paths) {
    const ext = schemasOf(type).find((s) => s.id.toLowerCase() === path.toLowerCase());
    if (ext && ext.id !== type.schema.id) {
      for (const a of ext.attributes) whole.add(`${ext.id}|${a.name}`);
      continue;
    }
    const resolved = resolvePath(type, path);
    if (!resolved) continue;
    const key = `${resolved.schema ?? ""}|${resolved.attribute.name}`;
    if (resolved.sub) {
      if (!subs.has(key)) subs.set(key, new Set());
      subs.get(key)!.add(resolved.sub.name);
    } else {
      whole.add(key);
    }
  }
  return { whole, subs };
}

function keyOf(schema: string | null, def: AttributeDef): string {
  return `${schema ?? ""}|${def.name}`;
}

function pick(value: unknown, keep: Set<string>): unknown {
  const one = (v: unknown) => {
    if (!isObject(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => keep.has(k)));
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

function drop(value: unknown, remove: Set<string>): unknown {
  const one = (v: unknown) => {
    if (!isObject(v)) return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => !remove.has(k)));
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

/**
 * Applies a projection to a full resource (`schemas`, common attributes, core attributes at the top
 * level, extension attributes under their URN). Attributes returned "never" are always removed.
 */
export function project(type: ResourceTypeDef, resource: JsonObject, projection: Projection): JsonObject {
  const include = projection.attributes ? select(type, projection.attributes) : null;
  const exclude = select(type, projection.excluded);
  const out: JsonObject = {};

  const decide = (schema: string | null, def: AttributeDef, value: unknown): unknown => {
    if (def.returned === "never") return undefined;
    const key = keyOf(schema, def);
    if (def.returned === "always") return value;
    if (include) {
      if (include.whole.has(key)) return value;
      const subs = include.subs.get(key);
      if (subs) return pick(value, subs);
      return undefined;
    }
    if (def.returned === "request") return undefined;
    if (exclude.whole.has(key)) return undefined;
    const removeSubs = exclude.subs.get(key);
    return removeSubs ? drop(value, removeSubs) : value;
  };

  for (const [name, value] of Object.entries(resource)) {
    if (name === "schemas") {
      out.schemas = value;
      continue;
    }
    const ext = type.extensions.find((e) => e.schema.id === name);
    if (ext) {
      if (!isObject(value)) continue;
      const kept: JsonObject = {};
      for (const [attrName, attrValue] of Object.entries(value)) {
        const def = findAttr(ext.schema.attributes, attrName);
        if (!def) continue;
        const v = decide(ext.schema.id, def, attrValue);
        if (v !== undefined) kept[attrName] = v as JsonObject[string];
      }
      if (Object.keys(kept).length > 0) out[name] = kept;
      continue;
    }
    const common = findAttr(commonAttributes, name);
    const def = common ?? findAttr(type.schema.attributes, name);
    if (!def) continue;
    const v = decide(common ? null : type.schema.id, def, value);
    if (v !== undefined) out[name] = v as JsonObject[string];
  }
  return out;
}

/**
 * Would this projection return the core attribute `name`? Asked before reading what is kept
 * outside the document (a user's groups, a group's members), so an excluded one costs nothing.
 */
export function returns(type: ResourceTypeDef, projection: Projection, name: string): boolean {
  const def = findAttr(type.schema.attributes, name);
  if (!def || def.returned === "never") return false;
  if (def.returned === "always") return true;
  const key = keyOf(type.schema.id, def);
  if (projection.attributes) {
    const include = select(type, projection.attributes);
    return include.whole.has(key) || include.subs.has(key);
  }
  return def.returned !== "request" && !select(type, projection.excluded).whole.has(key);
}
