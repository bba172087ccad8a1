/**
 * Webhook delivery settings (from the environment's schema, lib/env) and the retry schedule: exponential backoff with full jitter — the n-th retry waits a random time between 0
 * and min(cap, base·2^(n−1)) — for at least the retry window, after which the delivery has failed.
 */

import { env, type Env } from "@/lib/env";

export type RetryPolicy = {
  /** The first retry waits up to this long. */
  baseMs: number;
  /** No retry waits longer than this. */
  capMs: number;
  /** Retries go on at least this long after the delivery was created; then it has failed. */
  windowMs: number;
};

const HOUR = 3_600_000;

export function retryPolicy(settings: Env = env()): RetryPolicy {
  return {
    baseMs: settings.WEBHOOK_RETRY_BASE_MS,
    capMs: settings.WEBHOOK_RETRY_MAX_MS,
    windowMs: settings.WEBHOOK_RETRY_HOURS * HOUR,
  };
}

/**
 * How long to wait after failed attempt number `attempt` (1 = the first attempt failed).
 * `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random = Math.random()): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random * ceiling);
}

/**
 * After a failed attempt at `now` of a delivery created at `createdAt`: when to try again, or null
 * when the retry window is over (the delivery has failed).
 */
export function nextAttemptAt(
  attempt: number,
  createdAt: Date,
  now: Date,
  policy: RetryPolicy = retryPolicy(),
  random = Math.random(),
): Date | null {
  if (now.getTime() - createdAt.getTime() >= policy.windowMs) return null;
  return new Date(now.getTime() + retryDelayMs(attempt, policy, random));
}

/** How long one HTTP request may take, connection to last byte read. */
export function requestTimeoutMs(): number {
  return env().WEBHOOK_TIMEOUT_MS;
}

/** Requests in flight per server instance. */
export function deliveryConcurrency(): number {
  return env().WEBHOOK_CONCURRENCY;
}

/**
 * Events and finished deliveries are kept this long (EVENTS_RETENTION_DAYS, default 90, fractions
 * allowed); null when kept forever (0).
 */
export function retentionMs(): number | null {
  const days = env().EVENTS_RETENTION_DAYS;
  return days > 0 ? days * 24 * HOUR : null;
}
