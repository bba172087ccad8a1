/**
 * When an alert (and the Health tab's warning) fires: the provisioning error rate, an identity
 * provider's silence, and a spike of refused sign-ins — and how the mails say durations.
 */
import { describe, expect, it } from "vitest";
import { signInFailuresSpiking, SSO_FAILURES_MIN } from "@/lib/alerts/sign-in";
import { formatMinutes, plural } from "@/lib/format";
import { errorRateExceeded, silentSince } from "@/lib/provisioning/thresholds";

describe("the provisioning error rate", () => {
  it("is exceeded above 10% only", () => {
    expect(errorRateExceeded(100, 10)).toBe(false);
    expect(errorRateExceeded(100, 11)).toBe(true);
    expect(errorRateExceeded(10, 2)).toBe(true);
    expect(errorRateExceeded(1, 1)).toBe(true);
  });

  it("is not exceeded by an hour without requests", () => {
    expect(errorRateExceeded(0, 0)).toBe(false);
  });
});

describe("an identity provider's silence", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

  it("starts at the newest use or creation of its active tokens", () => {
    expect(
      silentSince([
        { createdAt: at(0), lastUsedAt: at(30) },
        { createdAt: at(10), lastUsedAt: null },
      ]),
    ).toEqual(at(30));
    // A token created after the last call restarts the wait.
    expect(
      silentSince([
        { createdAt: at(0), lastUsedAt: at(5) },
        { createdAt: at(20), lastUsedAt: null },
      ]),
    ).toEqual(at(20));
  });

  it("has no start without a token", () => {
    expect(silentSince([])).toBeNull();
  });
});

describe("a spike of refused sign-ins", () => {
  it(`needs at least ${SSO_FAILURES_MIN} refusals, and more refusals than sign-ins`, () => {
    expect(signInFailuresSpiking(SSO_FAILURES_MIN - 1, 0)).toBe(false);
    expect(signInFailuresSpiking(SSO_FAILURES_MIN, 0)).toBe(true);
    expect(signInFailuresSpiking(50, 50)).toBe(false);
    expect(signInFailuresSpiking(51, 50)).toBe(true);
  });
});

describe("durations and counts in mails", () => {
  it("says minutes, hours and days as a person would", () => {
    expect(formatMinutes(80)).toBe("80 minutes");
    expect(formatMinutes(1)).toBe("1 minute");
    expect(formatMinutes(0.05)).toBe("1 minute");
    expect(formatMinutes(120)).toBe("2 hours");
    expect(formatMinutes(150)).toBe("2 hours 30 minutes");
    expect(formatMinutes(1441)).toBe("1 day 1 minute");
  });

  it("puts a count with its noun", () => {
    expect(plural(1, "request")).toBe("1 request");
    expect(plural(12, "request")).toBe("12 requests");
    expect(plural(2, "company", "companies")).toBe("2 companies");
  });
});
