/**
 * PATCH (RFC 7644 §3.5.2) applied to a resource document, plus every shape Entra sends:
 * case-insensitive `op`, booleans as "True"/"False", no-path value objects whose keys are dotted or
 * URN-qualified paths, `emails[type eq "work"].value` targets that create the value when missing,
 * the manager as a bare id or a one-element array. All operations apply to a copy; any error
 * discards them all (the caller never stores a half-applied document).
 */
import {
  checkRequired,
  coerce,
  containerFor,
  isObject,
  isSecret,
  secretKey,
  tidy,
  unknownAttribute,
  type Json,
  type JsonObject,
  type Secrets,
} from "./document";
import { ScimError } from "./errors";
import { MAX_PATCH_OPERATIONS as MAX_OPERATIONS, MAX_VALUES } from "./limits";
import { matchesValue } from "./evaluate";
import { parsePatchPath, type Filter } from "./filter";
import { findAttr, findSchema, resolvePath, type Resolved } from "./schema/registry";
import type { ResourceTypeDef, SchemaDef } from "./schema/types";

export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type PatchOp = { op: "add" | "replace" | "remove"; path: string | null; value: unknown };

function bad(
  detail: string,
  scimType: "invalidSyntax" | "invalidValue" | "invalidPath" | "noTarget" | "mutability" = "invalidValue",
): never {
  throw new ScimError(400, detail, scimType);
}

/** Reads and checks a PatchOp request body. */
export function parsePatchRequest(body: unknown): PatchOp[] {
  if (!isObject(body)) bad("The request body must be a JSON object", "invalidSyntax");
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA))) {
    bad(`"schemas" must contain ${PATCH_SCHEMA}`, "invalidSyntax");
  }
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0)
    bad(`"Operations" must be a non-empty list`, "invalidSyntax");
  if (operations.length > MAX_OPERATIONS)
    bad(`At most ${MAX_OPERATIONS} operations per request`, "invalidSyntax");
  return operations.map((raw, i) => {
    if (!isObject(raw)) bad(`Operation ${i + 1} must be an object`, "invalidSyntax");
    const op = typeof raw.op === "string" ? raw.op.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") {
      bad(`Operation ${i + 1}: "op" must be add, replace or remove`, "invalidSyntax");
    }
    const path = raw.path;
    if (path !== undefined && path !== null && (typeof path !== "string" || path.trim() === "")) {
      bad(`Operation ${i + 1}: "path" must be a string`, "invalidPath");
    }
    const value = raw.value;
    if (op !== "remove" && value === undefined) bad(`Operation ${i + 1}: "value" is required for ${op}`);
    return { op, path: typeof path === "string" ? path.trim() : null, value };
  });
}

type Target = { resolved: Resolved; filter: Filter | null; sub: string | null };

function target(type: ResourceTypeDef, path: string): Target {
  const parsed = parsePatchPath(path);
  const resolved = resolvePath(type, parsed.path);
  if (!resolved) unknownAttribute(type, parsed.path, "invalidPath");
  if (parsed.filter && !resolved.attribute.multiValued)
    bad(`"${parsed.path}" is not multi-valued`, "invalidPath");
  if (parsed.filter && resolved.sub)
    bad(`A value filter must follow a multi-valued attribute`, "invalidPath");
  let sub = parsed.sub;
  if (sub !== null) {
    const subDef = findAttr(resolved.attribute.subAttributes, sub);
    if (!subDef) bad(`"${resolved.attribute.name}" has no sub-attribute "${sub}"`, "invalidPath");
    sub = subDef.name;
  }
  return { resolved, filter: parsed.filter, sub };
}

/** `type eq "work"` conditions of a filter, used to create the value a filtered add/replace names. */
function equalities(filter: Filter): JsonObject | null {
  if (filter.kind === "compare" && filter.op === "eq" && typeof filter.value !== "object") {
    return { [filter.path]: filter.value };
  }
  if (filter.kind === "and") {
    const l = equalities(filter.left);
    const r = equalities(filter.right);
    return l && r ? { ...l, ...r } : null;
  }
  return null;
}

class Patcher {
  readonly secrets: Secrets = {};

  constructor(
    private readonly type: ResourceTypeDef,
    readonly doc: JsonObject,
    private readonly id: string,
  ) {}

  apply(op: PatchOp): void {
    if (op.path === null) {
      if (op.op === "remove") bad(`"remove" needs a "path"`, "noTarget");
      if (!isObject(op.value)) bad(`Without a "path", "value" must be an object of attributes`);
      for (const [key, value] of Object.entries(op.value)) {
        if (key !== "schemas") this.applyPath(op.op, key, value);
      }
      return;
    }
    this.applyPath(op.op, op.path, op.value);
  }

  private applyPath(op: PatchOp["op"], path: string, value: unknown): void {
    const ext = findSchema(this.type, path);
    if (ext && ext.id !== this.type.schema.id) {
      this.applyExtension(op, ext, value);
      return;
    }
    const { resolved, filter, sub } = target(this.type, path);
    const { attribute } = resolved;
    // Okta renames a group with {"op":"replace","value":{"id":<its id>,"displayName":…}}: the
    // same id changes nothing, so it is not an attempt to modify a read-only attribute.
    if (resolved.schema === null && attribute.name === "id" && value === this.id && op !== "remove") return;
    if (attribute.mutability === "readOnly" || (resolved.sub && resolved.sub.mutability === "readOnly")) {
      bad(`"${attribute.name}" is read-only`, "mutability");
    }
    if (isSecret(attribute)) {
      const c = op === "remove" ? undefined : coerce(attribute, value, attribute.name);
      this.secrets[secretKey(resolved)] = typeof c === "string" ? c : null;
      return;
    }
    const container = containerFor(this.doc, this.type, resolved.schema, op !== "remove");
    if (!container) return; // removing from an absent extension: nothing to do
    const name = attribute.name;

    if (resolved.sub) {
      // attr.sub on a singular complex attribute (name.familyName, manager.value)
      if (attribute.multiValued) {
        this.applyToValues(op, container, resolved, null, resolved.sub.name, value);
        return;
      }
      const current = isObject(container[name]) ? { ...(container[name] as JsonObject) } : {};
      if (op === "remove") {
        delete current[resolved.sub.name];
      } else {
        const c = coerce(resolved.sub, value, `${name}.${resolved.sub.name}`);
        if (c === undefined) delete current[resolved.sub.name];
        else current[resolved.sub.name] = c;
      }
      if (Object.keys(current).length > 0) container[name] = current;
      else delete container[name];
      return;
    }

    if (attribute.multiValued && (filter || sub)) {
      this.applyToValues(op, container, resolved, filter, sub, value);
      return;
    }

    if (op === "remove") {
      if (attribute.multiValued && value !== undefined && value !== null) {
        // Entra: {"op":"Remove","path":"members","value":[{"value":"id"}]} removes only those values.
        const remove = new Set(((coerce(attribute, value, name) as Json[] | undefined) ?? []).map(valueKey));
        const existing = Array.isArray(container[name]) ? (container[name] as Json[]) : [];
        const kept = existing.filter((e) => !remove.has(valueKey(e)));
        if (kept.length > 0) container[name] = kept;
        else delete container[name];
        return;
      }
      if (attribute.required) bad(`"${name}" is required and cannot be removed`, "mutability");
      delete container[name];
      return;
    }

    const c = coerce(attribute, value, name);
    if (attribute.multiValued) {
      const incoming = (c as Json[] | undefined) ?? [];
      if (op === "replace") {
        if (incoming.length > 0) container[name] = incoming;
        else delete container[name];
      } else {
        const existing = Array.isArray(container[name]) ? [...(container[name] as Json[])] : [];
        const present = new Set(existing.map(valueKey));
        for (const item of incoming) {
          const key = valueKey(item);
          if (present.has(key)) continue;
          present.add(key);
          existing.push(item);
        }
        if (existing.length > MAX_VALUES) bad(`"${name}" may have at most ${MAX_VALUES} values`);
        if (existing.length > 0) container[name] = existing;
      }
      return;
    }
    if (c === undefined) {
      if (attribute.required) bad(`"${name}" is required`, "invalidValue");
      delete container[name];
      return;
    }
    if (op === "add" && attribute.type === "complex" && isObject(container[name]) && isObject(c)) {
      container[name] = { ...(container[name] as JsonObject), ...c };
    } else {
      container[name] = c;
    }
  }

  /**
   * A path naming a whole extension (`urn:…:enterprise:2.0:User`), as generic clients send: add and
   * replace set the attributes in the value object (others stay, RFC 7644 §3.5.2.3); remove
   * removes the named attributes, or the whole extension when no value is given.
   */
  private applyExtension(op: PatchOp["op"], ext: SchemaDef, value: unknown): void {
    if (op === "remove" && (value === undefined || value === null)) {
      for (const attribute of ext.attributes) {
        if (isSecret(attribute)) this.secrets[secretKey({ schema: ext.id, attribute })] = null;
      }
      delete this.doc[ext.id];
      return;
    }
    if (!isObject(value)) bad(`The value for "${ext.id}" must be an object of its attributes`);
    for (const [name, v] of Object.entries(value)) this.applyPath(op, `${ext.id}:${name}`, v);
  }

  private applyToValues(
    op: PatchOp["op"],
    container: JsonObject,
    resolved: Resolved,
    filter: Filter | null,
    sub: string | null,
    value: unknown,
  ): void {
    const { attribute } = resolved;
    const name = attribute.name;
    const values = Array.isArray(container[name]) ? [...(container[name] as Json[])] : [];
    const matched = values.map((v) => (filter ? matchesValue(filter, v, attribute) : true));
    const subDef = sub ? findAttr(attribute.subAttributes, sub)! : null;
    if (op === "remove") {
      const kept = sub
        ? values.map((v, i) => {
            if (!matched[i] || !isObject(v)) return v;
            const copy = { ...v };
            delete copy[sub];
            return copy;
          })
        : values.filter((_, i) => !matched[i]);
      if (kept.length > 0) container[name] = kept;
      else delete container[name];
      return;
    }
    if (!matched.some(Boolean)) {
      // Entra: add/replace emails[type eq "work"].value on a user without a work email creates it.
      const seed = filter ? equalities(filter) : null;
      if (!seed) bad(`No value of "${name}" matches the filter`, "noTarget");
      const created = subDef
        ? { ...seed, [sub!]: value as Json }
        : isObject(value)
          ? { ...seed, ...value }
          : null;
      if (!created) bad(`"value" must be an object for "${name}"`);
      const c = coerce(attribute, created, name, true);
      if (c !== undefined) values.push(c);
      if (values.length > MAX_VALUES) bad(`"${name}" may have at most ${MAX_VALUES} values`);
      container[name] = values;
      return;
    }
    const next = values.map((v, i) => {
      if (!matched[i]) return v;
      if (subDef) {
        const c = coerce(subDef, value, `${name}.${subDef.name}`);
        const copy: JsonObject = isObject(v) ? { ...v } : {};
        if (c === undefined) delete copy[subDef.name];
        else copy[subDef.name] = c;
        return copy;
      }
      const c = coerce(attribute, value, name, true);
      if (c === undefined) return v;
      return op === "add" && isObject(v) && isObject(c) ? { ...v, ...c } : c;
    });
    container[name] = next;
  }
}

/**
 * What makes two values of a multi-valued attribute the same one: their `value` when they have
 * one, else the whole value. Used as a set key, so adding or removing k values among n is O(n + k).
 */
function valueKey(v: Json): string {
  if (isObject(v) && "value" in v) return `v${JSON.stringify(v.value)}`;
  return `j${JSON.stringify(v)}`;
}

/**
 * Applies the operations to a copy of `doc` (the document of resource `id`); returns the new
 * document and any secrets set.
 */
export function applyPatch(
  type: ResourceTypeDef,
  id: string,
  doc: JsonObject,
  ops: PatchOp[],
): { doc: JsonObject; secrets: Secrets } {
  const patcher = new Patcher(type, structuredClone(doc), id);
  for (const op of ops) patcher.apply(op);
  tidy(patcher.doc, type);
  checkRequired(type, patcher.doc);
  return { doc: patcher.doc, secrets: patcher.secrets };
}
