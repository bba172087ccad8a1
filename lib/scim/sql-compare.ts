/**
 * The SQL of one comparison in a filter: a column or a JSON value against a literal, typed by the
 * attribute's declared type, folded for case-insensitive text on both databases (lib/db/fold.ts),
 * and the JSON accessors of SQLite and PostgreSQL. Every value and JSON path is a parameter.
 */
import { fold, FOLD_SQL } from "@/lib/db/fold";
import { escapeLike, type Dialect, type SqlValue } from "@/lib/db/sql";
import { ScimError } from "./errors";
import type { CompareOp, FilterValue } from "./filter";
import type { AttributeDef, ResourceTypeDef } from "./schema/types";
import type { ColumnKind, StorageMap } from "./storage";

/** What compiling one filter carries along: where, on which database, and the parameters so far. */
export type Ctx = {
  type: ResourceTypeDef;
  map: StorageMap;
  dialect: Dialect;
  params: SqlValue[];
  alias: string;
};

export const invalidFilter = (detail: string): never => {
  throw new ScimError(400, detail, "invalidFilter");
};

function timeParam(ctx: Ctx, value: FilterValue): SqlValue {
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
export function compare(
  ctx: Ctx,
  expr: string,
  kind: CompareKind,
  op: CompareOp,
  value: FilterValue,
): string {
  const p = (v: SqlValue) => {
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

export function jsonScalar(ctx: Ctx, source: string, keys: string[]): string {
  if (ctx.dialect === "sqlite") {
    ctx.params.push(`$${keys.map((k) => `."${k}"`).join("")}`);
    return `json_extract(${source}, ?)`;
  }
  ctx.params.push(`{${keys.map((k) => `"${k}"`).join(",")}}`);
  return `(${source} #>> ?::text[])`;
}

export function jsonKindOf(def: AttributeDef): "json-text" | "json-ci" | "json-bool" | "json-num" {
  if (def.type === "boolean") return "json-bool";
  if (def.type === "integer" || def.type === "decimal") return "json-num";
  return def.caseExact ? "json-text" : "json-ci";
}

/** Keys from the document root to the attribute (extension attributes live under their URN). */
export function docKeys(type: ResourceTypeDef, schema: string | null, name: string): string[] {
  return schema === null || schema === type.schema.id ? [name] : [schema, name];
}

export function presentJson(ctx: Ctx, source: string, keys: string[]): string {
  if (ctx.dialect === "sqlite") {
    ctx.params.push(`$${keys.map((k) => `."${k}"`).join("")}`);
    return `COALESCE(json_type(${source}, ?), 'null') NOT IN ('null')`;
  }
  ctx.params.push(`{${keys.map((k) => `"${k}"`).join(",")}}`);
  return `COALESCE(jsonb_typeof(${source} #> ?::text[]), 'null') <> 'null'`;
}

/** EXISTS over the JSON array at `keys`, with `inner` compiled against each element. */
export function existsJsonArray(ctx: Ctx, keys: string[], inner: (element: string) => string): string {
  if (ctx.dialect === "sqlite") {
    ctx.params.push(`$${keys.map((k) => `."${k}"`).join("")}`);
    const from = `json_each(${ctx.alias}.doc, ?)`;
    return `EXISTS (SELECT 1 FROM ${from} AS je WHERE ${inner("je.value")})`;
  }
  ctx.params.push(`{${keys.map((k) => `"${k}"`).join(",")}}`);
  return `EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(${ctx.alias}.doc #> ?::text[], '[]'::jsonb)) AS je(v) WHERE ${inner("je.v")})`;
}
