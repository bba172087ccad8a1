/**
 * SCIM /Bulk per RFC 7644 §3.7: the advertised limits, bulkId references (also forward ones), a
 * failing operation reported in its slot, failOnErrors, maxOperations → 413, an undefined bulkId,
 * and tenant isolation inside a bulk request. Every result is checked by reading it back.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionedTenant, startApp, testDatabases, type App } from "../support/app";
import {
  BULK_REQUEST,
  BULK_RESPONSE,
  ERROR,
  GROUP,
  PATCH_OP,
  SCIM_JSON,
  USER,
  arr,
  call,
  expectError,
  groupIds,
  hex,
  memberIds,
  obj,
  q,
  sorted,
  type Json,
  type Tenant,
} from "../support/scim-client";

/** The id at the end of a bulk operation's location, which must end with /<Resource>/<id>. */
function idFrom(op: Json, resource: "Users" | "Groups"): string {
  const location = String(op.location);
  expect(location).toMatch(/^https?:\/\//);
  const match = new RegExp(`/${resource}/([^/?#]+)$`).exec(location);
  if (!match?.[1]) throw new Error(`location ${location} does not name a ${resource} resource`);
  return match[1];
}

describe.each(testDatabases())("SCIM /Bulk on %s", (kind) => {
  let app: App;
  let t: Awaited<ReturnType<typeof provisionedTenant>>;
  let other: Awaited<ReturnType<typeof provisionedTenant>>;

  beforeAll(async () => {
    app = await startApp(kind);
    t = await provisionedTenant(app, "Contoso");
    other = await provisionedTenant(app, "Fabrikam");
  });
  afterAll(() => app?.stop());

  const scim = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(t, method, path, body, headers);
  const userName = (label: string) => `${label}-${hex()}@bulk.example`;
  const userData = (name: string): Json => ({ schemas: [USER], userName: name, displayName: name });

  const bulk = (operations: Json[], extra: Json = {}) =>
    scim("POST", "/Bulk", { schemas: [BULK_REQUEST], ...extra, Operations: operations });
  /** A 200 BulkResponse; returns its Operations. */
  const bulkOk = async (operations: Json[], extra: Json = {}): Promise<Json[]> => {
    const r = await bulk(operations, extra);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
    expect(r.body.schemas).toEqual([BULK_RESPONSE]);
    return arr(r.body.Operations).map((v) => obj(v));
  };
  const newUser = async (name = userName("pre"), tenant: Tenant = t): Promise<string> => {
    const r = await call(tenant, "POST", "/Users", userData(name));
    expect(r.status).toBe(201);
    if (typeof r.body.id !== "string") throw new Error(`no id in ${r.text}`);
    return r.body.id;
  };
  const count = async (resource: "Users" | "Groups", filter: string) => {
    const r = await scim("GET", `/${resource}?${q(filter)}`);
    expect(r.status).toBe(200);
    return r.body.totalResults;
  };
  const getOk = async (path: string): Promise<Json> => {
    const r = await scim("GET", path);
    expect(r.status).toBe(200);
    return r.body;
  };
  const expectOpError = (op: Json, status: string) => {
    expect(op.status).toBe(status);
    const response = obj(op.response);
    expect(response.schemas).toContain(ERROR);
    expect(response.status).toBe(status);
  };

  it("/ServiceProviderConfig advertises bulk with maxOperations and maxPayloadSize", async () => {
    const r = await scim("GET", "/ServiceProviderConfig");
    expect(r.status).toBe(200);
    const b = obj(r.body.bulk);
    expect(b.supported).toBe(true);
    expect(Number(b.maxOperations)).toBeGreaterThanOrEqual(1);
    expect(Number(b.maxPayloadSize)).toBeGreaterThanOrEqual(1);
  });

  it("resolves a forward bulkId reference: a group listed before the user it contains", async () => {
    const name = userName("fwd");
    const displayName = `Forward ${hex()}`;
    const ops = await bulkOk([
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g1",
        data: { schemas: [GROUP], displayName, members: [{ value: "bulkId:u1" }] },
      },
      { method: "POST", path: "/Users", bulkId: "u1", data: userData(name) },
    ]);
    expect(ops).toHaveLength(2);
    const [g, u] = ops as [Json, Json];
    expect(g).toMatchObject({ method: "POST", bulkId: "g1", status: "201" });
    expect(u).toMatchObject({ method: "POST", bulkId: "u1", status: "201" });
    const groupId = idFrom(g, "Groups");
    const userId = idFrom(u, "Users");
    const group = await getOk(`/Groups/${groupId}`);
    expect(group.displayName).toBe(displayName);
    expect(memberIds(group)).toEqual([userId]);
    const user = await getOk(`/Users/${userId}`);
    expect(user.userName).toBe(name);
    expect(groupIds(user)).toEqual([groupId]);
    for (const op of [g, u]) if (op.version !== undefined) expect(typeof op.version).toBe("string");
  });

  it("runs POST, PATCH by bulkId and DELETE in order, reporting a failed operation in its slot", async () => {
    const existingName = userName("existing");
    const existing = await newUser(existingName);
    const another = await newUser();
    const doomed = await newUser();
    const fresh = userName("fresh");
    const displayName = `Mixed ${hex()}`;
    const ops = await bulkOk([
      { method: "POST", path: "/Users", bulkId: "u1", data: userData(fresh) },
      { method: "POST", path: "/Users", bulkId: "dup", data: userData(existingName.toUpperCase()) },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g1",
        data: { schemas: [GROUP], displayName, members: [{ value: "bulkId:u1" }] },
      },
      {
        method: "PATCH",
        path: "/Groups/bulkId:g1",
        data: {
          schemas: [PATCH_OP],
          Operations: [{ op: "Add", path: "members", value: [{ value: existing }, { value: another }] }],
        },
      },
      { method: "DELETE", path: `/Users/${doomed}` },
    ]);
    expect(ops.map((o) => o.method)).toEqual(["POST", "POST", "POST", "PATCH", "DELETE"]);
    const [u1, dup, g1, p, del] = ops as [Json, Json, Json, Json, Json];
    expect(u1).toMatchObject({ bulkId: "u1", status: "201" });
    expect(dup.bulkId).toBe("dup");
    expectOpError(dup, "409");
    expect(obj(dup.response).scimType).toBe("uniqueness");
    expect(g1).toMatchObject({ bulkId: "g1", status: "201" });
    expect(["200", "204"]).toContain(p.status);
    expect(del.status).toBe("204");

    const freshId = idFrom(u1, "Users");
    const groupId = idFrom(g1, "Groups");
    expect((await getOk(`/Users/${freshId}`)).userName).toBe(fresh);
    expect(await count("Users", `userName eq "${existingName}"`)).toBe(1);
    const group = await getOk(`/Groups/${groupId}`);
    expect(group.displayName).toBe(displayName);
    expect(memberIds(group)).toEqual(sorted([freshId, existing, another]));
    expect((await scim("GET", `/Users/${doomed}`)).status).toBe(404);
  });

  it("failOnErrors: 1 stops after the first error; later operations are not applied", async () => {
    const existingName = userName("taken");
    await newUser(existingName);
    const before = userName("before");
    const after = userName("after");
    const displayName = `Never ${hex()}`;
    const ops = await bulkOk(
      [
        { method: "POST", path: "/Users", bulkId: "a", data: userData(before) },
        { method: "POST", path: "/Users", bulkId: "b", data: userData(existingName) },
        { method: "POST", path: "/Users", bulkId: "c", data: userData(after) },
        { method: "POST", path: "/Groups", bulkId: "d", data: { schemas: [GROUP], displayName } },
      ],
      { failOnErrors: 1 },
    );
    expect(ops.length).toBeGreaterThanOrEqual(2);
    expect(ops.length).toBeLessThanOrEqual(4);
    const [a, b] = ops as [Json, Json];
    expect(a).toMatchObject({ bulkId: "a", status: "201" });
    expect(b.bulkId).toBe("b");
    expectOpError(b, "409");
    for (const later of ops.slice(2)) expect(String(later.status ?? "")).not.toMatch(/^2/);
    expect(await count("Users", `userName eq "${before}"`)).toBe(1);
    expect(await count("Users", `userName eq "${after}"`)).toBe(0);
    expect(await count("Groups", `displayName eq "${displayName}"`)).toBe(0);
  });

  it("more operations than maxOperations → 413 for the whole request, nothing applied", async () => {
    const config = await getOk("/ServiceProviderConfig");
    const max = Number(obj(config.bulk).maxOperations);
    expect(Number.isInteger(max)).toBe(true);
    const prefix = `over${hex()}`;
    const operations = Array.from({ length: max + 1 }, (_, i) => ({
      method: "POST",
      path: "/Users",
      bulkId: `o${i}`,
      data: { schemas: [USER], userName: `${prefix}-${i}@bulk.example` },
    }));
    expectError(await bulk(operations), 413);
    expect(await count("Users", `userName sw "${prefix}"`)).toBe(0);
  });

  it("an operation referencing a bulkId that is never defined fails alone with 400 or 409", async () => {
    const displayName = `Dangling ${hex()}`;
    const name = userName("ok");
    const ops = await bulkOk([
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g",
        data: { schemas: [GROUP], displayName, members: [{ value: "bulkId:nowhere" }] },
      },
      { method: "POST", path: "/Users", bulkId: "u", data: userData(name) },
    ]);
    expect(ops).toHaveLength(2);
    const [g, u] = ops as [Json, Json];
    expect(g.bulkId).toBe("g");
    expect(["400", "409"]).toContain(g.status);
    expectOpError(g, String(g.status));
    expect(u).toMatchObject({ bulkId: "u", status: "201" });
    expect(await count("Groups", `displayName eq "${displayName}"`)).toBe(0);
    expect((await getOk(`/Users/${idFrom(u, "Users")}`)).userName).toBe(name);
  });

  it("cannot reach another tenant's resources: DELETE or PATCH of their ids → 404, and they remain", async () => {
    const theirs = await newUser(userName("theirs"), other);
    const mine = await newUser();
    const theirGroup = await call(other, "POST", "/Groups", {
      schemas: [GROUP],
      displayName: `Theirs ${hex()}`,
      members: [{ value: theirs }],
    });
    expect(theirGroup.status).toBe(201);
    const theirGroupId = String(theirGroup.body.id);
    const ops = await bulkOk([
      { method: "DELETE", path: `/Users/${theirs}` },
      {
        method: "PATCH",
        path: `/Groups/${theirGroupId}`,
        data: {
          schemas: [PATCH_OP],
          Operations: [{ op: "Add", path: "members", value: [{ value: mine }] }],
        },
      },
      { method: "DELETE", path: `/Groups/${randomUUID()}` },
    ]);
    expect(ops).toHaveLength(3);
    for (const op of ops) expectOpError(op, "404");
    expect((await call(other, "GET", `/Users/${theirs}`)).status).toBe(200);
    const group = await call(other, "GET", `/Groups/${theirGroupId}`);
    expect(group.status).toBe(200);
    expect(memberIds(group.body)).toEqual([theirs]);
  });
});
