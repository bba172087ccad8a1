/**
 * Applies the checked-in SQL migrations (prisma/<provider>/migrations) that the database has not
 * seen yet, each in its own transaction, and records them in `_prisma_migrations` exactly as
 * `prisma migrate deploy` does, so operators can use either. On PostgreSQL an advisory lock makes
 * concurrent starts of several instances apply each migration once.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import type pg from "pg";
import { sqliteTime } from "./sql";
import { env } from "@/lib/env";

export type Migration = { name: string; sql: string; checksum: string };

export function migrationsDir(provider: "sqlite" | "pg"): string {
  return path.join(env().ROLLCALL_ROOT ?? process.cwd(), "prisma", provider, "migrations");
}

export function loadMigrations(provider: "sqlite" | "pg"): Migration[] {
  const dir = migrationsDir(provider);
  if (!fs.existsSync(dir)) throw new Error(`migrations not found at ${dir}`);
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function checkKnown(applied: Map<string, string>, migrations: Migration[]) {
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum) {
      throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch)`);
    }
  }
}

export function migrateSqlite(db: Database.Database, migrations = loadMigrations("sqlite")): string[] {
  db.exec(SQLITE_TABLE);
  const rows = db
    .prepare(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    )
    .all() as { migration_name: string; checksum: string }[];
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  checkKnown(applied, migrations);
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    // A table rebuild (Prisma's "RedefineTables") must run with foreign keys off, or dropping the
    // old table would cascade-delete its children. The pragma has no effect inside a transaction,
    // so it is set around it, and the keys are checked before the migration commits.
    const rebuild = /PRAGMA foreign_keys=OFF/i.test(m.sql);
    if (rebuild) db.pragma("foreign_keys = OFF");
    try {
      db.transaction(() => {
        const started = sqliteTime(new Date());
        db.exec(m.sql);
        if (rebuild && (db.pragma("foreign_key_check") as unknown[]).length > 0) {
          throw new Error(`migration ${m.name} leaves rows that break a foreign key`);
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), m.checksum, sqliteTime(new Date()), m.name, started);
      }).immediate();
    } finally {
      if (rebuild) db.pragma("foreign_keys = ON");
    }
    done.push(m.name);
  }
  return done;
}

const LOCK_KEY = 7_265_727; // arbitrary, constant: "rollcall migrations"

export async function migratePostgres(pool: pg.Pool, migrations = loadMigrations("pg")): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(PG_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    checkKnown(applied, migrations);
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        const started = new Date();
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), m.checksum, m.name, started],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
