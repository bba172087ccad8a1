import pg from "pg";
import {
  UniqueViolation,
  type RunResult,
  type SqlClient,
  type SqlValue,
  type Statement,
  type Work,
} from "./sql";

const placeholderCache = new Map<string, string>();

/** Rewrites `?` placeholders to `$1, $2, …` (our SQL never uses `?` for anything else). */
export function toPgPlaceholders(sql: string): string {
  let out = placeholderCache.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (placeholderCache.size > 1000) placeholderCache.clear();
    placeholderCache.set(sql, out);
  }
  return out;
}

function translate(error: unknown): unknown {
  if (error instanceof Error && (error as { code?: string }).code === "23505") {
    return new UniqueViolation(error.message);
  }
  return error;
}

// Return int8 and numeric as JS numbers (counts, sums); ids are text.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

type Queryable = Pick<pg.PoolClient, "query">;

async function execute(client: Queryable, statement: Statement): Promise<unknown> {
  let result: pg.QueryResult;
  try {
    result = await client.query(toPgPlaceholders(statement.sql), statement.params as SqlValue[]);
  } catch (error) {
    throw translate(error);
  }
  switch (statement.kind) {
    case "all":
      return result.rows;
    case "get":
      return result.rows[0];
    case "run":
      return { changes: result.rowCount ?? 0 } satisfies RunResult;
  }
}

export class PostgresClient implements SqlClient {
  readonly dialect = "postgres" as const;

  constructor(readonly pool: pg.Pool) {}

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await execute(this.pool, { kind: "all", sql, params })) as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await execute(this.pool, { kind: "get", sql, params })) as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return (await execute(this.pool, { kind: "run", sql, params })) as RunResult;
  }

  async tx<T>(work: () => Work<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const gen = work();
      let step = gen.next();
      while (!step.done) step = gen.next(await execute(client, step.value));
      await client.query("COMMIT");
      return step.value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
