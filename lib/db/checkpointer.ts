/**
 * SQLite WAL checkpoints off the request path. By default SQLite copies the write-ahead log back
 * into the database file inside whichever commit crosses 1,000 log pages: with better-sqlite3 that
 * commit runs on the event loop, so every few hundred SCIM writes one request (and every request
 * queued behind it) waits for a 4 MB copy and an fsync. Instead, the app's connection never
 * checkpoints; a worker thread with its own connection runs a PASSIVE checkpoint (which never
 * blocks readers or writers) every CHECKPOINT_MS, and a RESTART checkpoint (which waits briefly
 * for the writer and lets the log start over) once the log passes RESTART_PAGES.
 */
import { logError } from "@/lib/log";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

const CHECKPOINT_MS = 200;
const RESTART_PAGES = 8_192;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 2000 });
function checkpoint() {
  try {
    const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
    if (passive && passive.log > workerData.restartPages) db.pragma("wal_checkpoint(RESTART)");
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ closed: true });
});
`;

export type Checkpointer = { stop(): Promise<void> };

/**
 * Moves the checkpoints of `connection` (the app's connection to `file`) to a worker thread. If
 * the worker cannot start, or stops, the connection checkpoints by itself again.
 */
export function startCheckpointer(connection: Database.Database, file: string): Checkpointer | null {
  let stopping = false;
  const fallBack = (error: unknown) => {
    if (stopping || !connection.open) return;
    stopping = true;
    connection.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    logError("sqlite", "checkpoints back on the app's connection", error);
  };
  let worker: Worker;
  try {
    const driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs: CHECKPOINT_MS, restartPages: RESTART_PAGES },
    });
  } catch (error) {
    fallBack(error);
    return null;
  }
  connection.pragma("wal_autocheckpoint = 0");
  // When the log starts over, its file is cut back to this size instead of keeping its peak.
  const pageSize = Number(connection.pragma("page_size", { simple: true }));
  connection.pragma(`journal_size_limit = ${RESTART_PAGES * pageSize}`);
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
