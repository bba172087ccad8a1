import { describe, expect, it } from "vitest";
import { handle, NO_LIMITS, NO_ROLES, route, type ScimServices } from "@/lib/scim/dispatcher";
import type { RequestLogEntry } from "@/lib/scim/log-entry";
import { bearerToken } from "@/lib/scim/http";

describe("SCIM URL forms", () => {
  it("reads a tenant URL followed by a resource", () => {
    expect(route(["abc123", "Users"])).toEqual({ provisioningId: "abc123", resource: "Users", rest: [] });
    expect(route(["abc123", "Users", "42"])).toEqual({
      provisioningId: "abc123",
      resource: "Users",
      rest: ["42"],
    });
  });

  it("reads the single URL where the token alone names the tenant", () => {
    expect(route(["Users"])).toEqual({ provisioningId: null, resource: "Users", rest: [] });
    expect(route(["ServiceProviderConfig"])).toEqual({
      provisioningId: null,
      resource: "ServiceProviderConfig",
      rest: [],
    });
  });

  it("ignores trailing and doubled slashes", () => {
    expect(route(["abc123", "", "Users", ""])).toEqual({
      provisioningId: "abc123",
      resource: "Users",
      rest: [],
    });
  });
});

describe("bearerToken", () => {
  it.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["Bearer   abc  ", "abc"],
    ["Basic abc", null],
    ["Bearer", null],
    [null, null],
  ])("%j → %j", (header, token) => expect(bearerToken(header)).toBe(token));
});

describe("handle", () => {
  const principal = { tenantId: "t1", idpId: "i1", tokenId: "k1" };
  const logged: RequestLogEntry[] = [];
  const services: ScimServices = {
    authenticate: async (token, provisioningId) =>
      token === "good" && (provisioningId === null || provisioningId === "p1") ? principal : null,
    db: () => Promise.reject(new Error("no database in this test")),
    baseUrl: "https://rollcall.test/api/scim/v2",
    hashSecret: async (plain) => `hashed:${plain}`,
    extensions: async () => [],
    log: (entry) => logged.push(entry),
    roles: NO_ROLES,
    limits: NO_LIMITS,
  };
  const request = (segments: string[], token: string | null) => ({
    method: "GET",
    segments,
    query: new URLSearchParams(),
    headers: new Headers(token ? { authorization: `Bearer ${token}` } : {}),
    body: null,
    clientIp: "192.0.2.1",
  });

  it("answers 429 with Retry-After and a SCIM error when a limit is reached, before any work", async () => {
    const failures: string[] = [];
    const limited: ScimServices = {
      ...services,
      limits: {
        checkFailedAuth: async (ip) =>
          failures.filter((f) => f === ip).length >= 2 ? { ok: false, retryAfterSeconds: 42 } : { ok: true },
        failedAuth: async (ip) => void failures.push(ip),
        perToken: async (tokenId) => (tokenId === "k1" ? { ok: false, retryAfterSeconds: 7 } : { ok: true }),
      },
    };
    const overToken = await handle(request(["p1", "Users"], "good"), limited);
    expect(overToken.status).toBe(429);
    expect(overToken.headers["Retry-After"]).toBe("7");
    expect(overToken.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "429",
    });
    expect(logged.at(-1)).toMatchObject({ tenantId: "t1", status: 429 });
    expect((await handle(request(["p1", "Users"], "bad"), limited)).status).toBe(401);
    expect((await handle(request(["p1", "Users"], "bad"), limited)).status).toBe(401);
    const blocked = await handle(request(["p1", "Users"], "bad"), limited);
    expect(blocked.status).toBe(429);
    expect(blocked.headers["Retry-After"]).toBe("42");
    expect(failures).toHaveLength(2);
  });

  it("answers 401 with a SCIM error body when the token is missing or wrong", async () => {
    for (const token of [null, "bad"]) {
      const res = await handle(request(["p1", "Users"], token), services);
      expect(res.status).toBe(401);
      expect(res.headers["Content-Type"]).toBe("application/scim+json");
      expect(res.body).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "401",
      });
    }
  });

  it("refuses a valid token on another tenant URL", async () => {
    expect((await handle(request(["p2", "Users"], "good"), services)).status).toBe(401);
  });

  it("answers an unknown endpoint with a SCIM 404 and logs it for the tenant", async () => {
    const res = await handle(request(["p1", "Nope"], "good"), services);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: "404" });
    expect(logged.at(-1)).toMatchObject({ tenantId: "t1", method: "GET", path: "/p1/Nope", status: 404 });
  });

  it("does not log requests it cannot attribute to a tenant", async () => {
    const before = logged.length;
    await handle(request(["p1", "Users"], "bad"), services);
    expect(logged.length).toBe(before);
  });

  it("serves discovery without touching the database", async () => {
    const res = await handle(request(["p1", "ServiceProviderConfig"], "good"), services);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ patch: { supported: true }, filter: { supported: true } });
  });
});
