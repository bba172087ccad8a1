import { describe, expect, it } from "vitest";
import { trips } from "@/lib/scim/resources/deprovision-guard";

const defaults = { minUsers: 20, percent: 10, created: 0 };

describe("when the mass-deprovisioning guard trips", () => {
  it("needs both more than minUsers and more than percent of the base", () => {
    // 1,000 active users: 21 disables are more than 20 but only 2.1%.
    expect(trips({ ...defaults, count: 21, active: 980, recent: 20 })).toBe(false);
    // 100 users: the 21st disable is more than 20 and 21% of 100.
    expect(trips({ ...defaults, count: 21, active: 80, recent: 20 })).toBe(true);
    // 150 users: the 15th is 10% exactly — not more — and not more than 20 either.
    expect(trips({ ...defaults, count: 15, active: 136, recent: 14 })).toBe(false);
  });

  it("measures against the users active when the window began, not the ones created in it", () => {
    // 30 real users, 300 throw-away users created in the window, 20 real ones already disabled.
    const wave = { ...defaults, count: 21, active: 310, recent: 20 };
    expect(trips({ ...wave, created: 0 })).toBe(false); // what inflation used to buy
    expect(trips({ ...wave, created: 300 })).toBe(true);
  });

  it("never counts a negative base", () => {
    expect(trips({ ...defaults, count: 21, active: 5, created: 50, recent: 20 })).toBe(true);
    expect(trips({ ...defaults, count: 1, active: 0, created: 0, recent: 0 })).toBe(false);
  });
});
