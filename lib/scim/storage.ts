/** How a resource type is kept in SQL, as filters, sorting and writes see it. */
import type { SqlValue } from "@/lib/db/sql";
import type { JsonObject } from "./document";

export type SqlFragment = { text: string; params: SqlValue[] };

export type ColumnKind = "text" | "lower" | "bool" | "time";

/**
 * How a resource type is stored — one definition for reads and writes: its table, the columns
 * filters and sorting use, the columns every write derives from the document, and side tables.
 */
export type StorageMap = {
  table: string;
  /** Canonical attribute path (e.g. "userName", "meta.created") → column and how it compares. */
  columns: Record<string, { column: string; kind: ColumnKind }>;
  /** Columns derived from the document on every write (the document itself included), in order. */
  derived: { column: string; value(doc: JsonObject): SqlValue }[];
  /** Multi-valued attributes kept in their own table, e.g. emails. */
  sideTables: Record<
    string,
    { table: string; fk: string; columns: Record<string, { column: string; kind: ColumnKind }> }
  >;
};
