/**
 * Resource documents: what a client sends, checked and normalised against the schema definitions.
 * Attribute names become their canonical spelling; values are kept exactly as sent, except that
 * booleans sent as strings ("True"/"False", any case) become booleans, as Entra expects to read
 * them back. Core attributes live at the top level, extension attributes under their schema URN.
 */
import { ScimError, UnknownAttributeError } from "./errors";
import { MAX_BINARY, MAX_DOCUMENT_CHARS, MAX_TEXT, MAX_VALUES } from "./limits";
import { findAttr, findSchema, resolvePath, type Resolved } from "./schema/registry";
import type { AttributeDef, ResourceTypeDef } from "./schema/types";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(detail: string): never {
  throw new ScimError(400, detail, "invalidValue");
}

const URN = /^urn:/i;

/** Refuses an attribute that no schema of the resource type defines, naming it as sent. */
export function unknownAttribute(
  type: ResourceTypeDef,
  path: string,
  scimType: "invalidValue" | "invalidPath" = "invalidValue",
): never {
  const dot = path.lastIndexOf(".");
  if (dot > 0 && resolvePath(type, path.slice(0, dot))) {
    // A known attribute with an unknown sub-attribute: nothing an administrator could define.
    throw new ScimError(400, `Unknown sub-attribute "${path}" for ${type.name}`, scimType);
  }
  throw new UnknownAttributeError(
    path,
    type.name,
    `Unknown attribute "${path}" for ${type.name}: no schema this tenant serves defines it${type.id === "User" ? " (a Rollcall administrator can define it under Custom attributes)" : ""}`,
    scimType,
  );
}

/** Coerces one value for attribute `def` (a single value of a multi-valued attribute when `single`). */
export function coerce(def: AttributeDef, value: unknown, path: string, single = false): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued && !single) {
    const list = Array.isArray(value) ? value : [value];
    if (list.length > MAX_VALUES) invalid(`"${path}" may have at most ${MAX_VALUES} values`);
    const out: Json[] = [];
    for (const [i, item] of list.entries()) {
      const c = coerce(def, item, `${path}[${i}]`, true);
      if (c !== undefined) out.push(c);
    }
    return out;
  }
  switch (def.type) {
    case "complex": {
      let v: unknown = value;
      // Entra sends the manager as a bare id, or as a one-element array.
      if (Array.isArray(v) && v.length === 1) v = v[0];
      if (typeof v === "string" && !def.multiValued && findAttr(def.subAttributes, "value")) v = { value: v };
      if (!isObject(v)) invalid(`"${path}" must be an object`);
      const out: JsonObject = {};
      for (const [key, subValue] of Object.entries(v)) {
        const sub = findAttr(def.subAttributes, key);
        if (!sub) invalid(`"${path}" has no sub-attribute "${key}"`);
        if (sub.mutability === "readOnly") continue; // RFC 7644 §3.5.1: ignored on input
        const c = coerce(sub, subValue, `${path}.${sub.name}`);
        if (c !== undefined) out[sub.name] = c;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      return invalid(`"${path}" must be a boolean`);
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      return invalid(`"${path}" must be an integer`);
    case "decimal":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      return invalid(`"${path}" must be a number`);
    case "dateTime":
      if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return value;
      return invalid(`"${path}" must be a date and time (xsd:dateTime)`);
    default: {
      if (typeof value !== "string") return invalid(`"${path}" must be a string`);
      const max = def.maxLength ?? (def.type === "binary" ? MAX_BINARY : MAX_TEXT);
      if (value.length > max) invalid(`"${path}" may be at most ${max} characters long`);
      return value;
    }
  }
}

export type Secrets = { [schemaAndAttribute: string]: string | null };

export type Normalised = { doc: JsonObject; secrets: Secrets };

/** The key a write-only secret attribute is known by, e.g. `urn:…:uniFLOWOnline:2.0:User:pin`. */
export function secretKey(resolved: Pick<Resolved, "schema" | "attribute">): string {
  return `${resolved.schema ?? ""}:${resolved.attribute.name}`;
}

/** Attributes whose values are secrets: write-only, never stored in the document. */
export function isSecret(def: AttributeDef): boolean {
  return def.mutability === "writeOnly";
}

/** Checks and normalises a full resource as sent in POST or PUT. */
export function normaliseResource(type: ResourceTypeDef, body: unknown): Normalised {
  if (!isObject(body)) throw new ScimError(400, "The request body must be a JSON object", "invalidSyntax");
  const doc: JsonObject = {};
  const secrets: Secrets = {};
  const schemas = body.schemas;
  // Schema URNs are not checked against what Rollcall serves: clients add their own (Entra lists
  // ADSCIM/2.0/Group on every group) with no attribute under them. What counts is the attributes
  // sent; an attribute under an unknown URN is refused below, naming it.
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string"))) {
    invalid(`"schemas" must be a list of schema URNs`);
  }
  const put = (resolved: Resolved, value: unknown, path: string) => {
    const { attribute } = resolved;
    if (attribute.mutability === "readOnly") return; // RFC 7643 §7: ignored on input
    if (isSecret(attribute)) {
      const c = coerce(attribute, value, path);
      secrets[secretKey(resolved)] = typeof c === "string" ? c : null;
      return;
    }
    const c = coerce(attribute, value, path);
    if (c === undefined) return;
    const container = containerFor(doc, type, resolved.schema, true)!;
    container[attribute.name] = c;
  };
  for (const [key, value] of Object.entries(body)) {
    if (key === "schemas") continue;
    const ext = findSchema(type, key);
    if (ext && ext.id !== type.schema.id) {
      if (value === null) continue;
      if (!isObject(value)) invalid(`"${key}" must be an object`);
      for (const [name, v] of Object.entries(value)) {
        const attribute = findAttr(ext.attributes, name);
        if (!attribute) unknownAttribute(type, `${ext.id}:${name}`);
        put({ schema: ext.id, attribute, sub: null }, v, `${ext.id}:${attribute.name}`);
      }
      continue;
    }
    if (!ext && URN.test(key) && !resolvePath(type, key)) {
      // An extension object under a URN this tenant does not serve: fine while it is empty.
      if (value === null || (isObject(value) && Object.keys(value).length === 0)) continue;
      const first = isObject(value) ? Object.keys(value)[0] : undefined;
      unknownAttribute(type, first === undefined ? key : `${key}:${first}`);
    }
    const resolved = resolvePath(type, key);
    if (!resolved) unknownAttribute(type, key);
    if (resolved.sub || URN.test(key)) invalid(`Unknown attribute "${key}" for ${type.name}`);
    put(resolved, value, resolved.attribute.name);
  }
  checkRequired(type, doc);
  return { doc, secrets };
}

/** The object holding an attribute of `schema`: the document itself, or its extension object. */
export function containerFor(
  doc: JsonObject,
  type: ResourceTypeDef,
  schema: string | null,
  create: boolean,
): JsonObject | null {
  if (schema === null || schema === type.schema.id) return doc;
  const existing = doc[schema];
  if (isObject(existing)) return existing;
  if (!create) return null;
  const fresh: JsonObject = {};
  doc[schema] = fresh;
  return fresh;
}

/** Drops empty extension objects (after PATCH removals). */
export function tidy(doc: JsonObject, type: ResourceTypeDef): void {
  for (const { schema } of type.extensions) {
    const ext = doc[schema.id];
    if (isObject(ext) && Object.keys(ext).length === 0) delete doc[schema.id];
  }
}

export function checkRequired(type: ResourceTypeDef, doc: JsonObject): void {
  for (const attribute of type.schema.attributes) {
    if (!attribute.required) continue;
    const value = doc[attribute.name];
    if (value === undefined || value === null || value === "") {
      invalid(`"${attribute.name}" is required`);
    }
  }
}

/** The document as stored (JSON text), refused when larger than a resource may be. */
export function serialise(doc: JsonObject, resourceType: string): string {
  const text = JSON.stringify(doc);
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new ScimError(
      400,
      `The ${resourceType} would be ${Math.ceil(text.length / 1024)} KB; a resource may be at most ${MAX_DOCUMENT_CHARS / 1024} KB`,
      "invalidValue",
    );
  }
  return text;
}
