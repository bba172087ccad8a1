/**
 * Housekeeping that any instance may do but none needs to do often (deleting expired rows): true
 * at most once per `everyMs` per task and process. Kept on globalThis: Next.js may bundle this
 * module more than once per process.
 */
const state = globalThis as typeof globalThis & { __rollcallPrunedAt?: Map<string, number> };

export function duePrune(task: string, now = Date.now(), everyMs = 60_000): boolean {
  const last = (state.__rollcallPrunedAt ??= new Map());
  if (now - (last.get(task) ?? 0) < everyMs) return false;
  last.set(task, now);
  return true;
}
