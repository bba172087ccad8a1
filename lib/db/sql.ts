/**
 * Rollcall's thin SQL layer, used next to the Prisma client for hot paths (SCIM) and for every
 * multi-statement unit of work.
 *
 * Transactions are written once for both databases as generator functions that `yield*` their
 * statements. On SQLite the runner drives the generator synchronously, so a transaction never
 * spans an `await` and never holds SQLite's write lock while other requests run; on PostgreSQL it
 * awaits each statement on one pooled connection between BEGIN and COMMIT. A failing statement
 * ends the whole unit of work, which is rolled back (PostgreSQL aborts a transaction on its first
 * error anyway, so work never catches statement errors itself).
 *
 * SQL is written with `?` placeholders (rewritten to `$n` for PostgreSQL).
 */
export type Dialect = "sqlite" | "postgres";

export type SqlValue = string | number | boolean | null | Date;

export type Statement =
  | { kind: "all"; sql: string; params: readonly SqlValue[] }
  | { kind: "get"; sql: string; params: readonly SqlValue[] }
  | { kind: "run"; sql: string; params: readonly SqlValue[] };

export type RunResult = { changes: number };

/** A unit of work: yields statements, receives their results, returns T. */
export type Work<T> = Generator<Statement, T, unknown>;

export function* all<T>(sql: string, params: readonly SqlValue[] = []): Work<T[]> {
  return (yield { kind: "all", sql, params }) as T[];
}

export function* get<T>(sql: string, params: readonly SqlValue[] = []): Work<T | undefined> {
  return (yield { kind: "get", sql, params }) as T | undefined;
}

export function* run(sql: string, params: readonly SqlValue[] = []): Work<RunResult> {
  return (yield { kind: "run", sql, params }) as RunResult;
}

export interface SqlClient {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /** Runs `work` atomically: every statement commits, or none does. */
  tx<T>(work: () => Work<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A database error normalised across drivers, so callers can map constraint violations.
 * Recognised by name: Next.js may bundle this module more than once per process, and the database
 * handle is process-wide, so `instanceof` must not depend on which copy made the error.
 */
export class UniqueViolation extends Error {
  override readonly name = "UniqueViolation";

  constructor(readonly detail: string) {
    super(`unique constraint violated: ${detail}`);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === "UniqueViolation";
  }
}

/** Times are stored as ISO-8601 text on SQLite, in the format Prisma's SQLite adapter writes. */
export function sqliteTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** Reads a time column from either driver (text on SQLite, Date on PostgreSQL). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") return new Date(value);
  throw new TypeError("not a time value");
}

/** Reads a boolean column from either driver (0/1 on SQLite). */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === "1" || value === "t";
}

/**
 * Escapes LIKE wildcards so user input matches literally (use with ESCAPE '\\'). NUL characters
 * are dropped: no stored text contains one, and PostgreSQL refuses them in parameters.
 */
export function escapeLike(value: string): string {
  return value.replace(/\0/g, "").replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Runs a unit of work's statements one at a time outside a transaction: for reads written as work
 * (to be shared with transactions) that need no atomicity. Never for work that writes.
 */
export async function readWork<T>(client: SqlClient, work: Work<T>): Promise<T> {
  let step = work.next();
  while (!step.done) {
    const { kind, sql, params } = step.value;
    const result =
      kind === "all"
        ? await client.all(sql, params)
        : kind === "get"
          ? await client.get(sql, params)
          : await client.run(sql, params);
    step = work.next(result);
  }
  return step.value;
}
