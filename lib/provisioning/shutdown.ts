/**
 * Keeps the provisioning log complete through a graceful stop. On SIGTERM/SIGINT Next.js stops
 * accepting connections, lets in-flight requests finish, then calls process.exit. From the signal
 * on, log rows are written at once instead of batched, and process.exit waits (at most
 * EXIT_WAIT_MS) for the last write — a PostgreSQL insert is a network round trip that exit would
 * otherwise cut off.
 */
import { flushRequestLog, writeThroughFromNowOn } from "./request-log";

const EXIT_WAIT_MS = 5000;

export function keepLogThroughShutdown(): void {
  const onSignal = () => {
    void writeThroughFromNowOn();
    const exit = process.exit.bind(process);
    process.exit = ((code?: number) => {
      const timeout = new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS).unref());
      void Promise.race([flushRequestLog(), timeout]).finally(() => exit(code));
    }) as typeof process.exit;
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
