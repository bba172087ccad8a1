import { describe, expect, it } from "vitest";
import type { SqlClient } from "@/lib/db/sql";
import { RateLimiter } from "@/lib/security/rate-limit";

const limit = { max: 3, windowMs: 10_000 };
const local = () => new RateLimiter(async () => null);

describe("the fixed-window rate limiter (in one process)", () => {
  it("lets `max` hits through per window, then refuses with the seconds left in the window", async () => {
    const limiter = local();
    const t0 = 1_000_000_000_000; // the start of a window
    for (let i = 0; i < 3; i++) expect(await limiter.hit("k", limit, t0 + i)).toEqual({ ok: true });
    expect(await limiter.hit("k", limit, t0 + 4_000)).toEqual({ ok: false, retryAfterSeconds: 6 });
    // Another key has its own count.
    expect(await limiter.hit("other", limit, t0 + 4_000)).toEqual({ ok: true });
    // The next window starts from zero.
    expect(await limiter.hit("k", limit, t0 + 10_000)).toEqual({ ok: true });
  });

  it("never lets a concurrent burst overshoot", async () => {
    const limiter = local();
    const now = 2_000_000_000_000;
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.hit("burst", limit, now)));
    expect(decisions.filter((d) => d.ok)).toHaveLength(3);
  });

  it("check counts nothing; add counts without deciding", async () => {
    const limiter = local();
    const now = 3_000_000_000_000;
    for (let i = 0; i < 5; i++) expect((await limiter.check("c", limit, now)).ok).toBe(true);
    await limiter.add("c", limit, now);
    await limiter.add("c", limit, now);
    expect((await limiter.check("c", limit, now)).ok).toBe(true);
    await limiter.add("c", limit, now);
    expect((await limiter.check("c", limit, now)).ok).toBe(false);
  });

  it("treats a limit of 0 as off", async () => {
    const limiter = local();
    for (let i = 0; i < 10; i++) expect((await limiter.hit("off", { max: 0, windowMs: 1000 })).ok).toBe(true);
  });

  it("starts from the count the other instances shared for this window", async () => {
    // A database whose shared row for this key and window already says 3 (only `get` is read first).
    const shared = { get: async () => ({ count: 3 }) } as unknown as SqlClient;
    const limiter = new RateLimiter(async () => shared);
    expect((await limiter.hit("seen-elsewhere", limit, 4_000_000_000_000)).ok).toBe(false);
  });
});
