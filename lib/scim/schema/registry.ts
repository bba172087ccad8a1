/**
 * Resolves attribute paths against a resource type's schemas — the one place that knows which
 * schema an attribute belongs to. Names are matched case-insensitively (RFC 7643 §2.1).
 */
import { commonAttributes } from "./common";
import type { AttributeDef, ResourceTypeDef, SchemaDef } from "./types";

export type Resolved = {
  /** The schema URN the attribute belongs to (null for common attributes: id, externalId, meta). */
  schema: string | null;
  /** The top-level attribute within that schema. */
  attribute: AttributeDef;
  /** The sub-attribute, when the path names one. */
  sub: AttributeDef | null;
};

function findAttr(list: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return list?.find((a) => a.name.toLowerCase() === lower);
}

export function schemasOf(type: ResourceTypeDef): SchemaDef[] {
  return [type.schema, ...type.extensions.map((e) => e.schema)];
}

export function findSchema(type: ResourceTypeDef, urn: string): SchemaDef | undefined {
  const lower = urn.toLowerCase();
  return schemasOf(type).find((s) => s.id.toLowerCase() === lower);
}

/**
 * Splits `urn:…:User:manager.value` into schema URN and attribute path. The URN is the longest
 * known schema id that prefixes the path followed by ":".
 */
export function splitUrn(type: ResourceTypeDef, path: string): { schema: SchemaDef | null; rest: string } {
  if (!/^urn:/i.test(path)) return { schema: null, rest: path };
  const lower = path.toLowerCase();
  const schema = schemasOf(type)
    .filter((s) => lower.startsWith(`${s.id.toLowerCase()}:`) || lower === s.id.toLowerCase())
    .sort((a, b) => b.id.length - a.id.length)[0];
  if (!schema) return { schema: null, rest: path };
  return { schema, rest: path.slice(schema.id.length + 1) };
}

/** Resolves `attr`, `attr.sub`, or a URN-qualified form; null when no such attribute exists. */
export function resolvePath(type: ResourceTypeDef, path: string): Resolved | null {
  const { schema, rest } = splitUrn(type, path);
  if (/^urn:/i.test(path) && !schema) return null;
  const [name, subName, ...more] = rest.split(".");
  if (!name || more.length > 0) return null;
  let attribute: AttributeDef | undefined;
  let schemaId: string | null;
  if (schema) {
    attribute = findAttr(schema.attributes, name);
    schemaId = schema.id;
  } else {
    attribute = findAttr(commonAttributes, name);
    schemaId = null;
    if (!attribute) {
      attribute = findAttr(type.schema.attributes, name);
      schemaId = type.schema.id;
    }
    // Entra sends some extension attributes unqualified (e.g. `manager`): accept an unambiguous
    // match, looking at the built-in extensions before those a tenant defined, so a definition
    // never changes what an unqualified name meant before it.
    for (const custom of [false, true]) {
      if (attribute) break;
      const matches = type.extensions.filter(
        (e) => (e.custom ?? false) === custom && findAttr(e.schema.attributes, name),
      );
      if (matches.length === 1) {
        schemaId = matches[0]!.schema.id;
        attribute = findAttr(matches[0]!.schema.attributes, name);
      }
    }
  }
  if (!attribute) return null;
  if (subName === undefined) return { schema: schemaId, attribute, sub: null };
  const sub = findAttr(attribute.subAttributes, subName);
  return sub ? { schema: schemaId, attribute, sub } : null;
}

export { findAttr };
