import { describe, expect, it } from "vitest";
import { newId, newIds } from "@/lib/ids";

describe("newId", () => {
  it("is a UUID version 7 carrying the time it was made", () => {
    const at = Date.UTC(2026, 10, 29, 12, 0, 0, 123);
    const id = newId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts by creation time, so new rows go to the end of their index", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newId(1_700_000_000_000 + i * 7));
    expect([...ids].sort()).toEqual(ids);
  });

  it("stays unique within one millisecond", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId(1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });
});

describe("ordered ids", () => {
  it("sort in the order they were asked for, stay UUID version 7, and differ from one call to the next", () => {
    const ids = newIds(300, Date.UTC(2026, 0, 1));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(300);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIds(1)[0]).not.toBe(newIds(1)[0]);
  });
});
