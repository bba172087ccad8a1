/**
 * SQLite WAL checkpoints off the request path. By default SQLite copies the write-ahead log back
 * into the database file inside whichever commit crosses 1,000 log pages: with better-sqlite3 that
 * commit runs on the event loop, so every few hundred SCIM writes one request (and every request
 * queued behind it) waits for a 4 MB copy and an fsync. Instead, none of the app's connections
 * (ours and Prisma's) checkpoints; a worker thread with its own connection runs a PASSIVE
 * checkpoint (which never blocks readers or writers) every CHECKPOINT_MS, and a RESTART
 * checkpoint (which waits briefly for the writer and lets the log start over) once the log passes
 * RESTART_PAGES.
 */
import { logError } from "@/lib/log";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import { env } from "@/lib/env";

const CHECKPOINT_MS = 200;
const RESTART_PAGES = 8_192;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export type Checkpointer = {
  /** Takes the checkpoints of one more connection to the file (Prisma's opens later). */
  adopt(connection: Database.Database): void;
  stop(): Promise<void>;
};

/**
 * Moves the checkpoints of every connection of this process to `file` to a worker thread
 * (scripts/lib/checkpoint-worker.mjs). If the worker cannot start, or stops, the connections
 * checkpoint by themselves again.
 */
export function startCheckpointer(file: string): Checkpointer {
  const root = env().ROLLCALL_ROOT ?? process.cwd();
  const connections = new Set<Database.Database>();
  let stopping = false;
  let fallenBack = false;
  const fallBack = (error: unknown) => {
    if (stopping || fallenBack) return;
    fallenBack = true;
    for (const c of connections)
      if (c.open) c.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    logError("sqlite", "checkpoints back on the app's connections", error);
  };
  const adopt = (connection: Database.Database) => {
    connections.add(connection);
    if (fallenBack) return;
    connection.pragma("wal_autocheckpoint = 0");
    // When the log starts over, its file is cut back to this size instead of keeping its peak.
    const pageSize = Number(connection.pragma("page_size", { simple: true }));
    connection.pragma(`journal_size_limit = ${RESTART_PAGES * pageSize}`);
  };
  let worker: Worker;
  try {
    // Constructed through Reflect: the bundler rewrites a literal `new Worker(…)` into a module of
    // its own build, and this worker is a plain file next to the app (scripts/lib/).
    worker = Reflect.construct(Worker, [
      path.join(root, "scripts/lib/checkpoint-worker.mjs"),
      {
        workerData: {
          file,
          driver: createRequire(path.join(root, "package.json")).resolve("better-sqlite3"),
          intervalMs: CHECKPOINT_MS,
          restartPages: RESTART_PAGES,
        },
      },
    ]) as Worker;
  } catch (error) {
    fallBack(error);
    return { adopt, stop: async () => undefined };
  }
  worker.unref();
  worker.on("message", (message: { error?: string }) => {
    if (message.error) logError("sqlite", "checkpoint failed", message.error);
  });
  worker.on("error", fallBack);
  let exited = false;
  worker.on("exit", () => {
    exited = true;
    fallBack("the checkpoint worker exited");
  });
  return {
    adopt,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (exited) return resolve();
        worker.once("exit", () => resolve());
        worker.once("message", () => void worker.terminate());
        worker.postMessage("stop");
        setTimeout(() => void worker.terminate(), 2000).unref();
      }),
  };
}
