import { describe, expect, it } from "vitest";
import { toPgPlaceholders } from "@/lib/db/postgres";
import { all, get, run, toBool, toDate, UniqueViolation } from "@/lib/db/sql";
import { openSqliteFile, SqliteClient } from "@/lib/db/sqlite";

function client() {
  const c = new SqliteClient(openSqliteFile(":memory:"));
  c.db.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL, at TEXT, flag INTEGER)`);
  return c;
}

describe("SqliteClient.tx", () => {
  it("commits every statement of a unit of work", async () => {
    const sql = client();
    const count = await sql.tx(function* () {
      yield* run(`INSERT INTO t (id, n) VALUES (?, ?)`, ["a", 1]);
      yield* run(`INSERT INTO t (id, n) VALUES (?, ?)`, ["b", 2]);
      const row = yield* get<{ c: number }>(`SELECT COUNT(*) AS c FROM t`);
      return row?.c;
    });
    expect(count).toBe(2);
    expect(await sql.all(`SELECT id FROM t ORDER BY id`)).toEqual([{ id: "a" }, { id: "b" }]);
  });

  it("rolls everything back when one statement fails", async () => {
    const sql = client();
    await sql.run(`INSERT INTO t (id, n) VALUES (?, ?)`, ["a", 1]);
    await expect(
      sql.tx(function* () {
        yield* run(`INSERT INTO t (id, n) VALUES (?, ?)`, ["b", 2]);
        yield* run(`INSERT INTO t (id, n) VALUES (?, ?)`, ["a", 3]);
      }),
    ).rejects.toBeInstanceOf(UniqueViolation);
    expect(await sql.all(`SELECT id FROM t`)).toEqual([{ id: "a" }]);
  });

  it("rolls back when the work itself throws", async () => {
    const sql = client();
    await expect(
      sql.tx(function* () {
        yield* run(`INSERT INTO t (id, n) VALUES (?, ?)`, ["x", 1]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await sql.all(`SELECT id FROM t`)).toEqual([]);
  });

  it("stores booleans and times in the formats Prisma reads", async () => {
    const sql = client();
    const at = new Date("2026-01-02T03:04:05.678Z");
    await sql.run(`INSERT INTO t (id, n, at, flag) VALUES (?, ?, ?, ?)`, ["a", 1, at, true]);
    const row = await sql.get<{ at: string; flag: number }>(`SELECT at, flag FROM t`);
    expect(row?.at).toBe("2026-01-02T03:04:05.678+00:00");
    expect(toDate(row?.at)?.getTime()).toBe(at.getTime());
    expect(toBool(row?.flag)).toBe(true);
  });

  it("reads rows inside work with all()", async () => {
    const sql = client();
    const rows = await sql.tx(function* () {
      yield* run(`INSERT INTO t (id, n) VALUES (?, ?)`, ["a", 1]);
      return yield* all<{ id: string }>(`SELECT id FROM t`);
    });
    expect(rows).toEqual([{ id: "a" }]);
  });
});

describe("toPgPlaceholders", () => {
  it("numbers ? placeholders in order", () => {
    expect(toPgPlaceholders(`SELECT * FROM t WHERE a = ? AND b IN (?, ?)`)).toBe(
      `SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)`,
    );
  });
});
