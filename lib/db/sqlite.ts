import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { fold, FOLD_SQL } from "./fold";
import {
  sqliteTime,
  UniqueViolation,
  type RunResult,
  type SqlClient,
  type SqlValue,
  type Statement,
  type Work,
} from "./sql";

type Bindable = string | number | bigint | Buffer | null;

function bind(params: readonly SqlValue[]): Bindable[] {
  return params.map((p) => {
    if (typeof p === "boolean") return p ? 1 : 0;
    if (p instanceof Date) return sqliteTime(p);
    return p;
  });
}

function translate(error: unknown): unknown {
  if (error instanceof Database.SqliteError && error.code.startsWith("SQLITE_CONSTRAINT_UNIQUE")) {
    return new UniqueViolation(error.message);
  }
  if (error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new UniqueViolation(error.message);
  }
  return error;
}

const CACHE_KIB = 64 * 1024;

/** The one configuration of every connection this process opens to the database (ours, Prisma's). */
export function configureConnection(db: Database.Database): void {
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // Keeps a large tenant's hot index pages (userName, emails, externalId…) in the connection's
  // own cache: SQLite's default of 16 MB is outgrown near 100,000 users, and every miss is a read.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  // Case-insensitive comparison that folds all of Unicode, not only ASCII (see ./fold.ts).
  db.function(FOLD_SQL, { deterministic: true }, (text: unknown) =>
    typeof text === "string" ? fold(text) : text,
  );
}

export function openSqliteFile(file: string): Database.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  configureConnection(db);
  return db;
}

export class SqliteClient implements SqlClient {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  execute(statement: Statement): unknown {
    const stmt = this.prepare(statement.sql);
    const params = bind(statement.params);
    try {
      switch (statement.kind) {
        case "all":
          return stmt.all(...params);
        case "get":
          return stmt.get(...params);
        case "run":
          return { changes: stmt.run(...params).changes } satisfies RunResult;
      }
    } catch (error) {
      throw translate(error);
    }
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.execute({ kind: "all", sql, params }) as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.execute({ kind: "get", sql, params }) as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
    return this.execute({ kind: "run", sql, params }) as RunResult;
  }

  /** Drives the unit of work synchronously inside BEGIN IMMEDIATE … COMMIT. */
  async tx<T>(work: () => Work<T>): Promise<T> {
    return this.txSync(work);
  }

  txSync<T>(work: () => Work<T>): T {
    this.prepare("BEGIN IMMEDIATE").run();
    try {
      const gen = work();
      let step = gen.next();
      while (!step.done) step = gen.next(this.execute(step.value));
      this.prepare("COMMIT").run();
      return step.value;
    } catch (error) {
      if (this.db.inTransaction) this.prepare("ROLLBACK").run();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
