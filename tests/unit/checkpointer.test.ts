import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer } from "@/lib/db/checkpointer";
import { openSqliteFile } from "@/lib/db/sqlite";

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-checkpoint-"));
  dirs.push(dir);
  return path.join(dir, "db.sqlite");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const autocheckpoint = (db: ReturnType<typeof openSqliteFile>) =>
  db.pragma("wal_autocheckpoint", { simple: true });

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("SQLite checkpoints off the request path", () => {
  it("copies the log into the database file from the worker, so the app's connection never has to", async () => {
    const file = tempFile();
    const db = openSqliteFile(file);
    const checkpointer = startCheckpointer(file);
    checkpointer.adopt(db);
    expect(autocheckpoint(db)).toBe(0);
    // Every connection of the process is adopted alike (Prisma opens its own).
    const second = openSqliteFile(file);
    checkpointer.adopt(second);
    expect(autocheckpoint(second)).toBe(0);
    second.close();
    db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
    const before = fs.statSync(file).size;
    const insert = db.prepare(`INSERT INTO t (v) VALUES (?)`);
    // 3,000 commits of a 4 KB row: SQLite alone would checkpoint after the first 1,000 pages.
    for (let i = 0; i < 3000; i++) insert.run("x".repeat(4000));
    // The app's connection writes only to the log: the database file grows when the worker
    // copies the pages into it.
    await until(() => fs.statSync(file).size > before + 4096 * 2000);
    await checkpointer.stop();
    expect(db.prepare(`SELECT COUNT(*) AS n FROM t`).get()).toEqual({ n: 3000 });
    db.close();
  });

  it("gives the checkpoints back to the app's connection when the worker cannot open the database", async () => {
    const file = tempFile();
    const db = openSqliteFile(file);
    const checkpointer = startCheckpointer(path.join(path.dirname(file), "missing", "nested", "db.sqlite"));
    checkpointer.adopt(db);
    await until(() => autocheckpoint(db) === 1000);
    // Stopping a worker that has already gone returns at once.
    await checkpointer.stop();
    db.close();
  });
});
