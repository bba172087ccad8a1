import { describe, expect, it } from "vitest";
import { expiryStage } from "@/lib/identity-providers/certificate-expiry";

describe("the stage of an expiring signing certificate", () => {
  it.each([
    [400, null],
    [31, null],
    [30, 30],
    [8, 30],
    [7, 7],
    [2, 7],
    [1, 1],
    [0, 1],
    [-5, 1],
  ])("%i whole days left → %s", (daysLeft, stage) => {
    expect(expiryStage(daysLeft)).toBe(stage);
  });
});
