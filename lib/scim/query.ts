/**
 * Filters to SQL. Attributes with a column (userName, externalId, id, active, meta dates, emails
 * in their own table) compile to indexed column comparisons; every other attribute falls back to
 * the JSON document (SQLite json_extract / json_each, PostgreSQL jsonb operators) — still in the
 * database, never by loading a tenant's resources into memory.
 *
 * The SQL uses `?` placeholders; every value (and every JSON path) is a parameter.
 */
import { fold, FOLD_SQL } from "@/lib/db/fold";
import { escapeLike } from "@/lib/db/sql";
import { ScimError } from "./errors";
import type { CompareOp, Filter, FilterValue } from "./filter";
import { findAttr, resolvePath } from "./schema/registry";
import type { AttributeDef, ResourceTypeDef } from "./schema/types";

export type Dialect = "sqlite" | "postgres";
export type SqlParam = string | number | boolean | null | Date;
export type SqlFragment = { text: string; params: SqlParam[] };

export type ColumnKind = "text" | "lower" | "bool" | "time";

/** How a resource type is stored: its table, indexed columns and side tables. */
export type StorageMap = {
  table: string;
  /** Canonical attribute path (e.g. "userName", "meta.created") → column and how it compares. */
  columns: Record<string, { column: string; kind: ColumnKind }>;
  /** Multi-valued attributes kept in their own table, e.g. emails. */
  sideTables: Record<
    string,
    { table: string; fk: string; columns: Record<string, { column: string; kind: ColumnKind }> }
  >;
};

type Ctx = { type: ResourceTypeDef; map: StorageMap; dialect: Dialect; params: SqlParam[]; alias: string };

const invalidFilter = (detail: string): never => {
  throw new ScimError(400, detail, "invalidFilter");
};

function timeParam(ctx: Ctx, value: FilterValue): SqlParam {
  if (typeof value !== "string" || Number.isNaN(Date.parse(value)))
    invalidFilter(`"${String(value)}" is not a date`);
  const date = new Date(value as string);
  return ctx.dialect === "sqlite" ? date.toISOString().replace("Z", "+00:00") : date;
}

/**
 * The filter literal as the attribute's declared type, whatever the literal looks like: a string
 * attribute compares as a string even when the literal is unquoted digits (Entra's documented
 * `externalId eq 123456789`), a boolean accepts "True"/"False", a number accepts "42".
 */
function typedValue(kind: CompareKind, value: Exclude<FilterValue, null>): string | number | boolean {
  if (kind === "bool" || kind === "json-bool") {
    if (typeof value === "boolean") return value;
    if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
    return invalidFilter(`expected true or false, got ${JSON.stringify(value)}`);
  }
  if (kind === "json-num") {
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
    if (typeof value === "boolean" || value === "" || !Number.isFinite(n))
      invalidFilter(`expected a number, got ${JSON.stringify(value)}`);
    return n;
  }
  return String(value);
}

type CompareKind = ColumnKind | "json-text" | "json-ci" | "json-bool" | "json-num";

/** GLOB wildcards escaped, for case-exact pattern matching on SQLite (its LIKE ignores ASCII case). */
function escapeGlob(value: string): string {
  return value.replace(/\0/g, "").replace(/[[*?]/g, (c) => `[${c}]`);
}

/** A comparison of a SQL expression whose values compare as `kind`. */
function compare(ctx: Ctx, expr: string, kind: CompareKind, op: CompareOp, value: FilterValue): string {
  const p = (v: SqlParam) => {
    ctx.params.push(v);
    return "?";
  };
  if (value === null) {
    if (op === "eq") return `${expr} IS NULL`;
    if (op === "ne") return `${expr} IS NOT NULL`;
    return invalidFilter(`"${op}" cannot compare with null`);
  }
  const sqlOp = { eq: "=", ne: "<>", gt: ">", ge: ">=", lt: "<", le: "<=" } as const;
  const typed = typedValue(kind, value);
  if (typeof typed === "boolean") {
    if (op !== "eq" && op !== "ne") invalidFilter(`"${op}" does not apply to booleans`);
    const param = kind === "json-bool" && ctx.dialect === "postgres" ? String(typed) : typed;
    const cmp = `${expr} = ${p(param)}`;
    return op === "eq" ? cmp : `(${cmp}) IS NOT TRUE`;
  }
  if (kind === "time") {
    if (op === "co" || op === "sw" || op === "ew") invalidFilter(`"${op}" does not apply to dates`);
    return `${expr} ${sqlOp[op as keyof typeof sqlOp]} ${p(timeParam(ctx, value))}`;
  }
  if (typeof typed === "number") {
    if (op === "co" || op === "sw" || op === "ew") invalidFilter(`"${op}" does not apply to numbers`);
    return `${numeric(ctx, expr)} ${sqlOp[op as keyof typeof sqlOp]} ${p(typed)}`;
  }
  const ci = kind === "lower" || kind === "json-ci";
  // "lower" columns hold a folded copy written by JavaScript; JSON text is folded in SQL by the
  // same function (lib/db/fold.ts), so both sides compare by one rule on both databases.
  const left = kind === "json-ci" ? `${FOLD_SQL}(${expr})` : expr;
  const right = ci ? fold(typed) : typed;
  if (op === "co" || op === "sw" || op === "ew") {
    const before = op === "sw" ? "" : "%";
    const after = op === "ew" ? "" : "%";
    if (!ci && ctx.dialect === "sqlite") {
      return `${left} GLOB ${p(`${before && "*"}${escapeGlob(right)}${after && "*"}`)}`;
    }
    return `${left} LIKE ${p(`${before}${escapeLike(right)}${after}`)} ESCAPE '\\'`;
  }
  // An absent value is "not equal" too; the expression is written once (it may hold a parameter).
  if (op === "ne") return `(${left} = ${p(right)}) IS NOT TRUE`;
  return `${left} ${sqlOp[op]} ${p(right)}`;
}

/**
 * A JSON value read as a number. On PostgreSQL through `rc_numeric` (a migration creates it),
 * which is NULL for text that is not a number: the database may test any row against the cast
 * before the tenant condition, and another tenant may keep text under the same attribute name.
 */
function numeric(ctx: Ctx, expr: string): string {
  return ctx.dialect === "sqlite" ? expr : `rc_numeric(${expr})`;
}

function jsonScalar(ctx: Ctx, source: string, keys: string[]): string {
  if (ctx.dialect === "sqlite") {
    ctx.params.push(`$${keys.map((k) => `."${k}"`).join("")}`);
    return `json_extract(${source}, ?)`;
  }
  ctx.params.push(`{${keys.map((k) => `"${k}"`).join(",")}}`);
  return `(${source} #>> ?::text[])`;
}

function jsonKindOf(def: AttributeDef): "json-text" | "json-ci" | "json-bool" | "json-num" {
  if (def.type === "boolean") return "json-bool";
  if (def.type === "integer" || def.type === "decimal") return "json-num";
  return def.caseExact ? "json-text" : "json-ci";
}

/** Keys from the document root to the attribute (extension attributes live under their URN). */
function docKeys(type: ResourceTypeDef, schema: string | null, name: string): string[] {
  return schema === null || schema === type.schema.id ? [name] : [schema, name];
}

function presentJson(ctx: Ctx, source: string, keys: string[]): string {
  if (ctx.dialect === "sqlite") {
    ctx.params.push(`$${keys.map((k) => `."${k}"`).join("")}`);
    return `COALESCE(json_type(${source}, ?), 'null') NOT IN ('null')`;
  }
  ctx.params.push(`{${keys.map((k) => `"${k}"`).join(",")}}`);
  return `COALESCE(jsonb_typeof(${source} #> ?::text[]), 'null') <> 'null'`;
}

/** EXISTS over the JSON array at `keys`, with `inner` compiled against each element. */
function existsJsonArray(ctx: Ctx, keys: string[], inner: (element: string) => string): string {
  if (ctx.dialect === "sqlite") {
    ctx.params.push(`$${keys.map((k) => `."${k}"`).join("")}`);
    const from = `json_each(${ctx.alias}.doc, ?)`;
    return `EXISTS (SELECT 1 FROM ${from} AS je WHERE ${inner("je.value")})`;
  }
  ctx.params.push(`{${keys.map((k) => `"${k}"`).join(",")}}`);
  return `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(${ctx.alias}.doc #> ?::text[], '[]'::jsonb)) AS je(v) WHERE ${inner("je.v")})`;
}

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
