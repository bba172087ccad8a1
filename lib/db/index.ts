/**
 * The database handle: a Prisma client (portal domain services) and our SQL client (hot paths and
 * multi-statement units of work), for SQLite or PostgreSQL per DATABASE_URL. Migrations are
 * applied before the first use.
 *
 * Rule: on SQLite, Prisma never opens a transaction (`$transaction` is banned by lint); work that
 * must be atomic goes through `sql.tx`, whose SQLite transactions never span an `await`.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type Database from "better-sqlite3";
import pg from "pg";
import { startCheckpointer } from "./checkpointer";
import { databaseConfig } from "./config";
import { PrismaClient as SqlitePrisma } from "./generated/sqlite/client";
import { PrismaClient as PgPrisma } from "./generated/pg/client";
import { migratePostgres, migrateSqlite } from "./migrate";
import { PostgresClient } from "./postgres";
import type { SqlClient } from "./sql";
import { configureConnection, openSqliteFile, SqliteClient } from "./sqlite";
import { env } from "@/lib/env";

/** Both generated clients share one API; the SQLite one names the type. */
export type Prisma = SqlitePrisma;

export type Db = { prisma: Prisma; sql: SqlClient; close(): Promise<void> };

/**
 * Prisma's SQLite adapter opens a connection of its own: it gets our configuration too, and its
 * checkpoints move to the worker like those of our connection.
 */
class ConfiguredSqliteAdapter extends PrismaBetterSqlite3 {
  constructor(
    file: string,
    private readonly onConnect: (connection: Database.Database) => void,
  ) {
    super({ url: file, timeout: 5000 });
  }

  override async connect(): ReturnType<PrismaBetterSqlite3["connect"]> {
    const adapter = await super.connect();
    // The adapter keeps its better-sqlite3 handle as `client` (not part of its typed API).
    const client = (adapter as unknown as { client?: Partial<Database.Database> }).client;
    if (typeof client?.pragma !== "function" || typeof client.function !== "function") {
      throw new Error("Prisma's SQLite adapter has no better-sqlite3 client");
    }
    this.onConnect(client as Database.Database);
    return adapter;
  }
}

async function open(config = databaseConfig()): Promise<Db> {
  if (config.dialect === "sqlite") {
    const raw = openSqliteFile(config.file);
    migrateSqlite(raw);
    const checkpointer = config.file === ":memory:" ? null : startCheckpointer(config.file);
    checkpointer?.adopt(raw);
    const prisma = new SqlitePrisma({
      adapter: new ConfiguredSqliteAdapter(config.file, (connection) => {
        configureConnection(connection);
        checkpointer?.adopt(connection);
      }),
    });
    const sql = new SqliteClient(raw);
    return {
      prisma,
      sql,
      async close() {
        await checkpointer?.stop();
        await prisma.$disconnect();
        await sql.close();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: env().DATABASE_POOL_SIZE,
  });
  await migratePostgres(pool);
  const prisma = new PgPrisma({ adapter: new PrismaPg(pool) }) as unknown as Prisma;
  const sql = new PostgresClient(pool);
  return {
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await sql.close();
    },
  };
}

const holder = globalThis as typeof globalThis & { __rollcallDb?: Promise<Db> };

/** The process-wide database handle (opened and migrated on first call). */
export function db(): Promise<Db> {
  if (!holder.__rollcallDb) {
    holder.__rollcallDb = open().catch((error: unknown) => {
      holder.__rollcallDb = undefined;
      throw error;
    });
  }
  return holder.__rollcallDb;
}

/**
 * Makes `url` the process's database from now on (closing the current handle): for in-process
 * database tests that run against several databases in one worker. The server uses DATABASE_URL.
 */
export async function useDatabase(url: string): Promise<Db> {
  await closeDb();
  const opening = open(databaseConfig(url));
  holder.__rollcallDb = opening;
  return opening;
}

export async function closeDb(): Promise<void> {
  const current = holder.__rollcallDb;
  holder.__rollcallDb = undefined;
  if (current) await (await current).close();
}
