/**
 * The retry schedule: exponential backoff with full jitter (a random wait between 0 and
 * min(cap, base·2^(n−1))), retried for at least the whole window — 3 days by default — then failed.
 */
import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { nextAttemptAt, retryDelayMs, retryPolicy, type RetryPolicy } from "@/lib/webhooks/config";

const DEFAULT: RetryPolicy = { baseMs: 30_000, capMs: 6 * 3_600_000, windowMs: 72 * 3_600_000 };

describe("the webhook retry schedule", () => {
  it("defaults to 30 s doubling to a 6 h cap, for 72 hours", () => {
    expect(retryPolicy(readEnv({}))).toEqual(DEFAULT);
  });

  it("takes shorter settings from the environment (tests), and refuses nonsense", () => {
    const short = readEnv({
      WEBHOOK_RETRY_BASE_MS: "200",
      WEBHOOK_RETRY_MAX_MS: "1000",
      WEBHOOK_RETRY_HOURS: "0.01",
    });
    expect(retryPolicy(short)).toEqual({ baseMs: 200, capMs: 1000, windowMs: 36_000 });
    expect(() => readEnv({ WEBHOOK_RETRY_BASE_MS: "soon" })).toThrow(/WEBHOOK_RETRY_BASE_MS/);
    expect(() => readEnv({ WEBHOOK_RETRY_MAX_MS: "-5" })).toThrow(/WEBHOOK_RETRY_MAX_MS/);
  });

  it("doubles the ceiling with each failed attempt, up to the cap", () => {
    const ceilings = Array.from({ length: 12 }, (_, i) => retryDelayMs(i + 1, DEFAULT, 0.999_999_999));
    expect(ceilings.slice(0, 4)).toEqual([29_999, 59_999, 119_999, 239_999]);
    for (let i = 1; i < ceilings.length; i++) expect(ceilings[i]).toBeGreaterThanOrEqual(ceilings[i - 1]!);
    expect(ceilings.at(-1)).toBe(6 * 3_600_000 - 1);
    expect(retryDelayMs(10_000, DEFAULT, 0.5)).toBe(3 * 3_600_000);
  });

  it("jitters over the whole range: from no wait at all to the ceiling", () => {
    expect(retryDelayMs(3, DEFAULT, 0)).toBe(0);
    expect(retryDelayMs(3, DEFAULT, 0.5)).toBe(60_000);
    const samples = Array.from({ length: 2000 }, () => retryDelayMs(5, DEFAULT));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(480_000);
    // Spread out, not clustered: every quarter of the range is hit.
    const quarters = new Set(samples.map((s) => Math.floor(s / 120_000)));
    expect(quarters).toEqual(new Set([0, 1, 2, 3]));
  });

  it("retries for at least the window, then gives up", () => {
    const created = new Date("2026-11-30T00:00:00Z");
    const at = (hours: number) => new Date(created.getTime() + hours * 3_600_000);
    expect(nextAttemptAt(1, created, at(0), DEFAULT, 0.5)).toEqual(new Date(at(0).getTime() + 15_000));
    expect(nextAttemptAt(20, created, at(71.9), DEFAULT, 0.9)!.getTime()).toBeGreaterThan(at(71.9).getTime());
    expect(nextAttemptAt(20, created, at(72), DEFAULT, 0.9)).toBeNull();
    expect(nextAttemptAt(3, created, at(100), DEFAULT, 0.9)).toBeNull();
  });

  it("makes the last attempt no earlier than 3 days after the first, whatever the jitter", () => {
    for (let run = 0; run < 200; run++) {
      const created = new Date(0);
      let now = created;
      let attempt = 1;
      let next = nextAttemptAt(attempt, created, now, DEFAULT);
      while (next) {
        now = next;
        attempt++;
        next = nextAttemptAt(attempt, created, now, DEFAULT);
      }
      expect(now.getTime()).toBeGreaterThanOrEqual(DEFAULT.windowMs);
      expect(now.getTime()).toBeLessThan(DEFAULT.windowMs + DEFAULT.capMs);
    }
  });
});
