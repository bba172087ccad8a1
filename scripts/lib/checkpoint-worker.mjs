// The SQLite checkpoint worker (started by lib/db/checkpointer.ts in a worker thread): its own
// connection copies the write-ahead log into the database file — a PASSIVE checkpoint every
// `intervalMs`, which never blocks readers or writers, and a RESTART once the log passes
// `restartPages`, so the log starts over. Errors are reported to the parent, which logs them.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const Database = createRequire(import.meta.url)(workerData.driver);
const db = new Database(workerData.file, { timeout: 2000 });

function checkpoint() {
  try {
    const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
    if (passive && passive.log > workerData.restartPages) db.pragma("wal_checkpoint(RESTART)");
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ closed: true });
});
