/**
 * Fixed-window rate limits. Each instance decides locally, at once; on PostgreSQL the instances
 * also add their counts to a shared row per key and window every SYNC_MS and read back the total,
 * so a limit holds across instances. An instance that meets a key for the first time in a window
 * reads the shared count before deciding; after that it may exceed the limit by what the other
 * instances accept within one sync interval. The embedded SQLite database serves one instance, so
 * there the counts stay in memory.
 */
import { db } from "@/lib/db";
import type { SqlClient } from "@/lib/db/sql";
import { clientAddress } from "./client-address";
import { env } from "@/lib/env";

export type Limit = { max: number; windowMs: number };
export type Decision = { ok: true } | { ok: false; retryAfterSeconds: number };

const SYNC_MS = 250;
const PRUNE_MS = 60_000;

type Counter = {
  windowStart: number;
  windowMs: number;
  known: number;
  /** Counted here, being added to the shared row right now (still counts against the limit). */
  inFlight: number;
  unsynced: number;
  /** Set while the shared count is being read (first use of the key in this window). */
  loading: Promise<void> | null;
};

export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | null = null;
  private prunedAt = 0;

  /** `shared`: the database the counts are shared through (none: counts stay in this process). */
  constructor(private readonly shared: () => Promise<SqlClient | null> = sharedSql) {}

  private async counter(key: string, limit: Limit, now: number): Promise<Counter> {
    const windowStart = Math.floor(now / limit.windowMs) * limit.windowMs;
    let c = this.counters.get(key);
    if (!c || c.windowStart !== windowStart) {
      const fresh: Counter = {
        windowStart,
        windowMs: limit.windowMs,
        known: 0,
        inFlight: 0,
        unsynced: 0,
        loading: null,
      };
      fresh.loading = this.load(key, fresh);
      this.counters.set(key, fresh);
      c = fresh;
    }
    if (c.loading) await c.loading;
    return c;
  }

  /** Reads what the other instances have counted for this key and window (PostgreSQL only). */
  private async load(key: string, c: Counter): Promise<void> {
    try {
      const sql = await this.shared();
      if (!sql) return;
      const row = await sql.get<{ count: number }>(
        `SELECT count FROM "RateCounter" WHERE key = ? AND "windowStart" = ?`,
        [key, c.windowStart],
      );
      c.known = Math.max(c.known, Number(row?.count ?? 0));
    } catch {
      // Counting locally is the fallback when the shared count cannot be read.
    } finally {
      c.loading = null;
    }
  }

  private static refusal(c: Counter, now: number): Decision {
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((c.windowStart + c.windowMs - now) / 1000)),
    };
  }

  /** Would one more request under `key` stay within `limit`? Counts nothing. */
  async check(key: string, limit: Limit, now = Date.now()): Promise<Decision> {
    if (limit.max <= 0) return { ok: true };
    const c = await this.counter(key, limit, now);
    return c.known + c.inFlight + c.unsynced < limit.max ? { ok: true } : RateLimiter.refusal(c, now);
  }

  /** Counts one request under `key`. */
  async add(key: string, limit: Limit, now = Date.now()): Promise<void> {
    if (limit.max <= 0) return;
    (await this.counter(key, limit, now)).unsynced += 1;
    this.timer ??= setTimeout(() => void this.sync(), SYNC_MS).unref();
  }

  /** Checks, and counts the request when it is allowed (one step, so concurrent hits cannot overshoot). */
  async hit(key: string, limit: Limit, now = Date.now()): Promise<Decision> {
    if (limit.max <= 0) return { ok: true };
    const c = await this.counter(key, limit, now);
    if (c.known + c.inFlight + c.unsynced >= limit.max) return RateLimiter.refusal(c, now);
    c.unsynced += 1;
    this.timer ??= setTimeout(() => void this.sync(), SYNC_MS).unref();
    return { ok: true };
  }

  private async sync(): Promise<void> {
    this.timer = null;
    const now = Date.now();
    const sql = await this.shared().catch(() => null);
    for (const [key, c] of this.counters) {
      if (c.loading) continue;
      if (c.windowStart + c.windowMs <= now) {
        this.counters.delete(key);
        continue;
      }
      if (c.unsynced === 0) continue;
      const delta = c.unsynced;
      c.unsynced = 0;
      if (!sql) {
        c.known += delta;
        continue;
      }
      c.inFlight += delta;
      let shared = 0;
      try {
        const row = await sql.get<{ count: number }>(
          `INSERT INTO "RateCounter" (key, "windowStart", count) VALUES (?, ?, ?)
           ON CONFLICT (key, "windowStart") DO UPDATE SET count = "RateCounter".count + EXCLUDED.count
           RETURNING count`,
          [key, c.windowStart, delta],
        );
        shared = Number(row?.count ?? 0);
      } catch {
        // Keep counting locally when the shared row cannot be written.
      }
      c.inFlight -= delta;
      c.known = Math.max(c.known + delta, shared);
    }
    if (sql && now - this.prunedAt > PRUNE_MS) {
      this.prunedAt = now;
      await sql
        .run(`DELETE FROM "RateCounter" WHERE "windowStart" < ?`, [now - 3_600_000])
        .catch(() => undefined);
    }
  }
}

/** The database the counts are shared through: PostgreSQL, or none for the embedded database. */
async function sharedSql(): Promise<SqlClient | null> {
  const { sql } = await db();
  return sql.dialect === "postgres" ? sql : null;
}

const store = globalThis as typeof globalThis & { __rollcallRateLimiter?: RateLimiter };

/** The process-wide limiter (Next.js may load this module more than once per process). */
export function rateLimiter(): RateLimiter {
  store.__rollcallRateLimiter ??= new RateLimiter();
  return store.__rollcallRateLimiter;
}

/** The limits, from the environment (0 turns one off). */
export function limits() {
  return {
    /** SCIM requests per token, per 10-second window (default 2,000: 200/s, 8× Entra's 25/s). */
    scimPerToken: { max: env().SCIM_RATE_LIMIT_PER_TOKEN, windowMs: 10_000 },
    /** SCIM requests with a wrong or missing token, per client IP, per minute. */
    scimFailedAuthPerIp: { max: env().SCIM_RATE_LIMIT_FAILED_AUTH_PER_IP, windowMs: 60_000 },
    /** Application API (/api/v1) requests per API key, per 10-second window (default 1,000). */
    apiPerKey: { max: env().API_RATE_LIMIT_PER_KEY, windowMs: 10_000 },
    /** Application API requests with a wrong or missing key, per client IP, per minute. */
    apiFailedAuthPerIp: { max: env().API_RATE_LIMIT_FAILED_AUTH_PER_IP, windowMs: 60_000 },
  } satisfies Record<string, Limit>;
}

/**
 * The client's address: the TCP peer's, or — only behind proxies named in TRUST_PROXY — the
 * address they forwarded (see lib/security/client-address.ts).
 */
export function clientIp(headers: Headers): string {
  return clientAddress(headers);
}
