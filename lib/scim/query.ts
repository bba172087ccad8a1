/**
 * Filters to SQL. Attributes with a column (userName, externalId, id, active, meta dates, emails
 * in their own table) compile to indexed column comparisons; every other attribute falls back to
 * the JSON document (SQLite json_extract / json_each, PostgreSQL jsonb operators) — still in the
 * database, never by loading a tenant's resources into memory.
 *
 * The SQL uses `?` placeholders; every value (and every JSON path) is a parameter.
 */
import type { Dialect } from "@/lib/db/sql";
import { ScimError } from "./errors";
import type { Filter } from "./filter";
import { findAttr, resolvePath } from "./schema/registry";
import type { AttributeDef, ResourceTypeDef } from "./schema/types";
import {
  compare,
  docKeys,
  existsJsonArray,
  invalidFilter,
  jsonKindOf,
  jsonScalar,
  presentJson,
  type Ctx,
} from "./sql-compare";
import type { SqlFragment, StorageMap } from "./storage";

/** A condition on one element of a multi-valued attribute stored as JSON. */
function elementCondition(ctx: Ctx, attribute: AttributeDef, filter: Filter, element: string): string {
  switch (filter.kind) {
    case "and":
    case "or":
      return `(${elementCondition(ctx, attribute, filter.left, element)} ${filter.kind.toUpperCase()} ${elementCondition(ctx, attribute, filter.right, element)})`;
    case "not":
      return `NOT ((${elementCondition(ctx, attribute, filter.filter, element)}) IS TRUE)`;
    case "valuePath":
      return invalidFilter("Nested value filters are not supported");
    default: {
      if (attribute.type !== "complex" && filter.path.toLowerCase() === "value") {
        // A multi-valued simple attribute (a tenant's list of strings, say): the element is the value.
        const expr = ctx.dialect === "sqlite" ? element : `(${element} #>> '{}')`;
        if (filter.kind === "present") return `COALESCE(${expr}, '') <> ''`;
        return `(${compare(ctx, expr, jsonKindOf(attribute), filter.op, filter.value)})`;
      }
      const sub = findAttr(attribute.subAttributes, filter.path);
      if (!sub) return invalidFilter(`"${attribute.name}" has no sub-attribute "${filter.path}"`);
      // SQLite's json_each gives scalars as SQL values and objects as JSON text.
      const expr =
        ctx.dialect === "sqlite"
          ? (() => {
              ctx.params.push(`$."${sub.name}"`);
              return `json_extract(${element}, ?)`;
            })()
          : (() => {
              ctx.params.push(sub.name);
              return `(${element} ->> ?)`;
            })();
      if (filter.kind === "present") return `COALESCE(${expr}, '') <> ''`;
      return `(${compare(ctx, expr, jsonKindOf(sub), filter.op, filter.value)})`;
    }
  }
}

/** A condition on one row of a side table (e.g. emails). */
export function sideTableCondition(
  filter: Filter,
  type: ResourceTypeDef,
  map: StorageMap,
  attributeName: string,
  dialect: Dialect,
  alias: string,
): SqlFragment {
  const ctx: Ctx = { type, map, dialect, params: [], alias: "r" };
  const attribute = findAttr(type.schema.attributes, attributeName)!;
  const text = sideCondition(ctx, attribute, map.sideTables[attributeName]!, filter, alias);
  return { text, params: ctx.params };
}

function sideCondition(
  ctx: Ctx,
  attribute: AttributeDef,
  side: StorageMap["sideTables"][string],
  filter: Filter,
  alias: string,
): string {
  switch (filter.kind) {
    case "and":
    case "or":
      return `(${sideCondition(ctx, attribute, side, filter.left, alias)} ${filter.kind.toUpperCase()} ${sideCondition(ctx, attribute, side, filter.right, alias)})`;
    case "not":
      return `NOT ((${sideCondition(ctx, attribute, side, filter.filter, alias)}) IS TRUE)`;
    case "valuePath":
      return invalidFilter("Nested value filters are not supported");
    default: {
      const sub = findAttr(attribute.subAttributes, filter.path);
      if (!sub) return invalidFilter(`"${attribute.name}" has no sub-attribute "${filter.path}"`);
      const column = side.columns[sub.name];
      if (!column) {
        // A sub-attribute without a column (e.g. display): compare through the JSON document.
        return existsJsonArray(ctx, [attribute.name], (el) => elementCondition(ctx, attribute, filter, el));
      }
      const expr = `${alias}."${column.column}"`;
      if (filter.kind === "present") return `(${expr} IS NOT NULL AND ${expr} <> '')`;
      return `(${compare(ctx, expr, column.kind, filter.op, filter.value)})`;
    }
  }
}

function sideExists(ctx: Ctx, attribute: AttributeDef, filter: Filter | null): string {
  const side = ctx.map.sideTables[attribute.name]!;
  const alias = "st";
  const condition = filter ? sideCondition(ctx, attribute, side, filter, alias) : "1 = 1";
  return `${ctx.alias}.id IN (SELECT ${alias}."${side.fk}" FROM "${side.table}" ${alias} WHERE ${alias}."tenantId" = ${ctx.alias}."tenantId" AND ${condition})`;
}

function compile(ctx: Ctx, filter: Filter): string {
  switch (filter.kind) {
    case "and":
    case "or":
      return `(${compile(ctx, filter.left)} ${filter.kind.toUpperCase()} ${compile(ctx, filter.right)})`;
    case "not":
      return `NOT ((${compile(ctx, filter.filter)}) IS TRUE)`;
    case "valuePath": {
      const resolved = resolvePath(ctx.type, filter.path);
      if (!resolved || resolved.sub || !resolved.attribute.multiValued) {
        return invalidFilter(`"${filter.path}" is not a multi-valued attribute`);
      }
      const { attribute } = resolved;
      if (ctx.map.sideTables[attribute.name]) return sideExists(ctx, attribute, filter.filter);
      return existsJsonArray(ctx, docKeys(ctx.type, resolved.schema, attribute.name), (el) =>
        elementCondition(ctx, attribute, filter.filter, el),
      );
    }
    case "present":
    case "compare": {
      const resolved = resolvePath(ctx.type, filter.path);
      if (!resolved) return invalidFilter(`Unknown attribute "${filter.path}"`);
      const { attribute } = resolved;
      if (attribute.returned === "never") return invalidFilter(`"${attribute.name}" cannot be filtered on`);
      let sub = resolved.sub;
      // `emails eq "x"`, `manager eq "id"`: compare the value sub-attribute.
      if (!sub && attribute.type === "complex") {
        sub = findAttr(attribute.subAttributes, "value") ?? null;
        if (!sub && filter.kind === "compare")
          return invalidFilter(`"${attribute.name}" is complex: name a sub-attribute`);
      }
      const path = sub ? `${attribute.name}.${sub.name}` : attribute.name;
      const column =
        ctx.map.columns[
          resolved.schema === null || resolved.schema === ctx.type.schema.id
            ? path
            : `${resolved.schema}:${path}`
        ];
      if (column) {
        const expr = `${ctx.alias}."${column.column}"`;
        if (filter.kind === "present")
          return `(${expr} IS NOT NULL${column.kind === "bool" || column.kind === "time" ? "" : ` AND ${expr} <> ''`})`;
        return `(${compare(ctx, expr, column.kind, filter.op, filter.value)})`;
      }
      if (attribute.multiValued) {
        const inner: Filter =
          filter.kind === "present"
            ? sub
              ? { kind: "present", path: sub.name }
              : { kind: "present", path: "value" }
            : { kind: "compare", op: filter.op, path: sub?.name ?? "value", value: filter.value };
        if (filter.kind === "present" && !sub) {
          if (ctx.map.sideTables[attribute.name]) return sideExists(ctx, attribute, null);
          return existsJsonArray(ctx, docKeys(ctx.type, resolved.schema, attribute.name), () => "1 = 1");
        }
        if (ctx.map.sideTables[attribute.name]) return sideExists(ctx, attribute, inner);
        return existsJsonArray(ctx, docKeys(ctx.type, resolved.schema, attribute.name), (el) =>
          elementCondition(ctx, attribute, inner, el),
        );
      }
      const keys = [...docKeys(ctx.type, resolved.schema, attribute.name), ...(sub ? [sub.name] : [])];
      if (filter.kind === "present") {
        return presentJson(ctx, `${ctx.alias}.doc`, keys);
      }
      const expr = jsonScalar(ctx, `${ctx.alias}.doc`, keys);
      return `(${compare(ctx, expr, jsonKindOf(sub ?? attribute), filter.op, filter.value)})`;
    }
  }
}

/** Compiles a parsed filter to a WHERE condition on `alias` (the resource table). */
export function filterToSql(
  filter: Filter,
  type: ResourceTypeDef,
  map: StorageMap,
  dialect: Dialect,
  alias = "r",
): SqlFragment {
  const ctx: Ctx = { type, map, dialect, params: [], alias };
  // No "IS TRUE" around the whole condition: WHERE already treats NULL as false, and a bare
  // comparison is what lets the database use an index. Only NOT needs it (see compile).
  return { text: compile(ctx, filter), params: ctx.params };
}

/** The ORDER BY expression for `sortBy` (singular attributes only). */
export function sortExpression(
  sortBy: string,
  type: ResourceTypeDef,
  map: StorageMap,
  dialect: Dialect,
  alias = "r",
): SqlFragment {
  const resolved = resolvePath(type, sortBy);
  if (!resolved) throw new ScimError(400, `Unknown attribute "${sortBy}" in sortBy`, "invalidValue");
  const { attribute, sub } = resolved;
  if (attribute.multiValued || (attribute.type === "complex" && !sub) || attribute.returned === "never") {
    throw new ScimError(400, `Cannot sort by "${sortBy}"`, "invalidValue");
  }
  const path = sub ? `${attribute.name}.${sub.name}` : attribute.name;
  const column =
    map.columns[
      resolved.schema === null || resolved.schema === type.schema.id ? path : `${resolved.schema}:${path}`
    ];
  if (column) return { text: `${alias}."${column.column}"`, params: [] };
  const ctx: Ctx = { type, map, dialect, params: [], alias };
  const expr = jsonScalar(ctx, `${alias}.doc`, [
    ...docKeys(type, resolved.schema, attribute.name),
    ...(sub ? [sub.name] : []),
  ]);
  return { text: (sub ?? attribute).caseExact ? expr : `lower(${expr})`, params: ctx.params };
}
