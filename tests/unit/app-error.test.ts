import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runAction } from "@/lib/action-state";
import { PROBLEMS } from "@/lib/api/problem";
import type { Route } from "@/lib/api/route";
import { apiHandler } from "@/lib/api/server";
import { APP_ERROR_STATUS, AppError, parseInput, type AppErrorCode } from "@/lib/errors";

describe("AppError", () => {
  it("is invalid unless told otherwise, and `field` puts the message on that field", () => {
    const error = new AppError("Name the key", { field: "name" });
    expect(error).toMatchObject({ code: "invalid", status: 422, message: "Name the key" });
    expect(error.fields).toEqual({ name: "Name the key" });
    expect(new AppError("Gone", { code: "not_found" })).toMatchObject({ status: 404, fields: {} });
  });

  it("reports each wrong field of a zod schema, one `field: reason` a line", () => {
    const schema = z.object({
      name: z.string().min(1, "Enter a name"),
      age: z.number({ error: "A number" }),
    });
    let caught: unknown;
    try {
      parseInput(schema, { name: "", age: "x" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).fields).toEqual({ name: "Enter a name", age: "A number" });
    expect((caught as AppError).message).toBe("name: Enter a name\nage: A number");
    expect(parseInput(schema, { name: "Ada", age: 36 })).toEqual({ name: "Ada", age: 36 });
  });

  it("has a kind of API problem for every code's status", () => {
    const statuses = Object.values(PROBLEMS).map((p) => p.status as number);
    for (const status of Object.values(APP_ERROR_STATUS)) expect(statuses).toContain(status);
  });
});

describe("runAction", () => {
  it("answers the work's result, or the AppError it threw as form state", async () => {
    expect(await runAction(async () => 42)).toEqual({ ok: true, data: 42 });
    expect(
      await runAction(async () => {
        throw AppError.invalidFields({ email: "Enter an email", name: "Enter a name" });
      }),
    ).toEqual({
      ok: false,
      error: "email: Enter an email\nname: Enter a name",
      fieldErrors: { email: "Enter an email", name: "Enter a name" },
    });
  });

  it("throws anything else on (bugs, and Next.js's redirect and notFound)", async () => {
    const redirect = Object.assign(new Error("NEXT_REDIRECT"), {
      digest: "NEXT_REDIRECT;replace;/signin;307;",
    });
    await expect(
      runAction(async () => {
        throw redirect;
      }),
    ).rejects.toBe(redirect);
  });
});

describe("the application API's problem for an AppError", () => {
  const answer = async (error: AppError) => {
    const route = {
      method: "POST",
      path: "/things",
      scope: null,
      tag: "test",
      summary: "test",
      response: { status: 204, description: "test" },
      handler: async () => {
        throw error;
      },
    } as unknown as Route;
    const response = await apiHandler([route])(
      new Request("http://rollcall.test/api/v1/things", { method: "POST" }),
      ["things"],
    );
    return { status: response.status, body: await response.json() };
  };

  it("has the status of the error's code, and points at the fields of an invalid request", async () => {
    expect(await answer(new AppError("Name the key", { field: "name" }))).toEqual({
      status: 422,
      body: {
        type: "/api/v1/problems/validation",
        title: "Validation failed",
        status: 422,
        detail: "Name the key",
        instance: "/api/v1/things",
        errors: [{ pointer: "#/name", detail: "Name the key" }],
      },
    });
    const codes: [AppErrorCode, string][] = [
      ["conflict", "conflict"],
      ["not_found", "not-found"],
      ["forbidden", "forbidden"],
      ["rate_limited", "rate-limited"],
    ];
    for (const [code, slug] of codes) {
      const { status, body } = await answer(new AppError("No", { code, field: "adminEmail" }));
      expect(status).toBe(APP_ERROR_STATUS[code]);
      expect(body).toEqual({
        type: `/api/v1/problems/${slug}`,
        title: PROBLEMS[slug as keyof typeof PROBLEMS].title,
        status: APP_ERROR_STATUS[code],
        detail: "No",
        instance: "/api/v1/things",
      });
    }
  });
});
