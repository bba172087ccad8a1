/**
 * The application API's pieces that need no server: the OpenAPI document is valid OpenAPI 3.1 and
 * built from every route (a route whose response schema is not a named component cannot be
 * described); event cursors; keyset cursors refuse what they did not produce; field problems name
 * the parameter or the body member (by JSON pointer).
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "@/lib/api/openapi";
import { cursorParam, encodeCursor, limitParam, pageOf } from "@/lib/api/paging";
import { fieldErrors } from "@/lib/api/problem";
import { defineRoute } from "@/lib/api/route";
import { ROUTES } from "@/lib/api/routes";
import { eventId, parseEventCursor } from "@/lib/events/feed";
import { EVENT_TYPES } from "@/lib/events/types";

describe("the OpenAPI document", () => {
  const document = openApiDocument(ROUTES, "https://rollcall.test/api/v1");

  it("is valid OpenAPI 3.1, every reference resolving", async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result, JSON.stringify(result.errors)).toEqual({ valid: true });
  });

  it("documents every event type with its own schema", () => {
    const event = (
      document.components as {
        schemas: Record<string, { oneOf: { properties: { type: { const: string } } }[] }>;
      }
    ).schemas.Event!;
    expect(event.oneOf.map((o) => o.properties.type.const).sort()).toEqual(Object.keys(EVENT_TYPES).sort());
  });

  it("refuses a route whose response schema is not a named component", () => {
    const unnamed = defineRoute({
      method: "GET",
      path: "/unnamed",
      scope: null,
      tag: "Test",
      summary: "unnamed",
      response: { status: 200, schema: z.object({ a: z.string() }), description: "x" },
      handler: async () => ({ a: "" }),
    });
    expect(() => openApiDocument([unnamed], "https://other.test/api/v1")).toThrow(/not registered/);
  });
});

describe("cursors", () => {
  it("reads event ids and numbers, and nothing else", () => {
    expect(eventId(42)).toBe("evt_0000000000000042");
    expect(parseEventCursor(eventId(42))).toBe(42);
    expect(parseEventCursor("42")).toBe(42);
    for (const bad of [
      "",
      "evt_",
      "evt_-1",
      "-1",
      "1e3",
      "0x10",
      "12345678901234567",
      "evt_00000000000000001",
      " 1",
    ])
      expect(parseEventCursor(bad), bad).toBeNull();
  });

  it("keyset cursors round-trip, and anything else is refused", () => {
    const param = cursorParam(2, ([at]) => !Number.isNaN(Date.parse(at!)));
    const cursor = encodeCursor(["2026-01-01T00:00:00.000Z", "abc"]);
    expect(param.parse(cursor)).toEqual(["2026-01-01T00:00:00.000Z", "abc"]);
    expect(param.parse(undefined)).toBeUndefined();
    for (const bad of [
      "!!",
      encodeCursor(["x"]),
      encodeCursor(["not a date", "abc"]),
      "e30",
      "x".repeat(600),
    ])
      expect(param.safeParse(bad).success, bad).toBe(false);
  });

  it("pages from limit + 1 rows: a cursor only when more follow", () => {
    expect(pageOf([1, 2], 2, (n) => [String(n)])).toEqual({ rows: [1, 2], next: null });
    const page = pageOf([1, 2, 3], 2, (n) => [String(n)]);
    expect(page).toEqual({ rows: [1, 2], next: encodeCursor(["2"]) });
  });

  it("limits: whole numbers within bounds, a default when absent", () => {
    const limit = limitParam(1000, 100);
    expect(limit.parse(undefined)).toBe(100);
    expect(limit.parse("1000")).toBe(1000);
    for (const bad of ["0", "1001", "-1", "1.5", "abc", "99999999"])
      expect(limit.safeParse(bad).success, bad).toBe(false);
  });
});

describe("field problems", () => {
  it("name parameters by name and body members by JSON pointer, unknown ones included", () => {
    const body = z.strictObject({ name: z.string(), tags: z.array(z.string()) });
    const issues = body.safeParse({ name: 1, tags: ["a", 2], "x/y": true }).error!.issues;
    expect(fieldErrors(issues, "body").map((e) => e.pointer)).toEqual(["#/name", "#/tags/1", "#/x~1y"]);
    const query = z.strictObject({ limit: z.string() }).safeParse({ colour: "red" }).error!.issues;
    expect(
      fieldErrors(query, "parameter")
        .map((e) => e.parameter)
        .sort(),
    ).toEqual(["colour", "limit"]);
  });
});
