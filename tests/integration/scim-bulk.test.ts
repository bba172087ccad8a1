/**
 * SCIM /Bulk per RFC 7644 §3.7: the advertised limits, bulkId references (also forward ones), a
 * failing operation reported in its slot, failOnErrors, maxOperations → 413, an undefined bulkId,
 * and tenant isolation inside a bulk request. Every result is checked by reading it back.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import {
  BULK_RESPONSE,
  ERROR,
  SCIM_JSON,
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
import { addMembers, bulkBody, createdId, groupBody, patchOp, userBody } from "../support/scim-requests";

/** The id at the end of a bulk operation's location, which must end with /<Resource>/<id>. */
function idFrom(op: Json, resource: "Users" | "Groups"): string {
  const location = String(op.location);
  expect(location).toMatch(/^https?:\/\//);
  const match = new RegExp(`/${resource}/([^/?#]+)$`).exec(location);
  if (!match?.[1]) throw new Error(`location ${location} does not name a ${resource} resource`);
  return match[1];
}

describeEachDatabase("SCIM /Bulk on %s", { other: "Fabrikam" }, (suite) => {
  const userName = (label: string) => `${label}-${hex()}@bulk.example`;
  const userData = (name: string): Json => userBody({ userName: name, displayName: name });

  const bulk = (operations: Json[], extra: Json = {}) =>
    suite.scim("POST", "/Bulk", bulkBody(operations, extra));
  /** A 200 BulkResponse; returns its Operations. */
  const bulkOk = async (operations: Json[], extra: Json = {}): Promise<Json[]> => {
    const r = await bulk(operations, extra);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(SCIM_JSON);
    expect(r.body.schemas).toEqual([BULK_RESPONSE]);
    return arr(r.body.Operations).map((v) => obj(v));
  };
  const newUser = async (name = userName("pre"), tenant: Tenant = suite.tenant): Promise<string> =>
    createdId(await call(tenant, "POST", "/Users", userData(name)));
  const count = async (resource: "Users" | "Groups", filter: string) => {
    const r = await suite.scim("GET", `/${resource}?${q(filter)}`);
    expect(r.status).toBe(200);
    return r.body.totalResults;
  };
  const getOk = async (path: string): Promise<Json> => {
    const r = await suite.scim("GET", path);
    expect(r.status).toBe(200);
    return r.body;
  };
  const expectOpError = (op: Json, status: string) => {
    expect(op.status).toBe(status);
    const response = obj(op.response);
    expect(response.schemas).toContain(ERROR);
    expect(response.status).toBe(status);
  };

  dbTest("/ServiceProviderConfig advertises bulk with maxOperations and maxPayloadSize", async ({ scim }) => {
    const r = await scim("GET", "/ServiceProviderConfig");
    expect(r.status).toBe(200);
    const b = obj(r.body.bulk);
    expect(b.supported).toBe(true);
    expect(Number(b.maxOperations)).toBeGreaterThanOrEqual(1);
    expect(Number(b.maxPayloadSize)).toBeGreaterThanOrEqual(1);
  });

  dbTest("resolves a forward bulkId reference: a group listed before the user it contains", async () => {
    const name = userName("fwd");
    const displayName = `Forward ${hex()}`;
    const ops = await bulkOk([
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g1",
        data: groupBody(displayName, ["bulkId:u1"]),
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

  dbTest(
    "runs POST, PATCH by bulkId and DELETE in order, reporting a failed operation in its slot",
    async ({ scim }) => {
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
          data: groupBody(displayName, ["bulkId:u1"]),
        },
        {
          method: "PATCH",
          path: "/Groups/bulkId:g1",
          data: patchOp({ op: "Add", path: "members", value: [{ value: existing }, { value: another }] }),
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
    },
  );

  dbTest("failOnErrors: 1 stops after the first error; later operations are not applied", async () => {
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
        { method: "POST", path: "/Groups", bulkId: "d", data: groupBody(displayName) },
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

  dbTest("more operations than maxOperations → 413 for the whole request, nothing applied", async () => {
    const config = await getOk("/ServiceProviderConfig");
    const max = Number(obj(config.bulk).maxOperations);
    expect(Number.isInteger(max)).toBe(true);
    const prefix = `over${hex()}`;
    const operations = Array.from({ length: max + 1 }, (_, i) => ({
      method: "POST",
      path: "/Users",
      bulkId: `o${i}`,
      data: userBody({ userName: `${prefix}-${i}@bulk.example` }),
    }));
    expectError(await bulk(operations), 413);
    expect(await count("Users", `userName sw "${prefix}"`)).toBe(0);
  });

  dbTest("an operation referencing a bulkId that is never defined fails alone with 400 or 409", async () => {
    const displayName = `Dangling ${hex()}`;
    const name = userName("ok");
    const ops = await bulkOk([
      {
        method: "POST",
        path: "/Groups",
        bulkId: "g",
        data: groupBody(displayName, ["bulkId:nowhere"]),
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

  dbTest(
    "cannot reach another tenant's resources: DELETE or PATCH of their ids → 404, and they remain",
    async ({ other, otherScim }) => {
      const theirs = await newUser(userName("theirs"), other);
      const mine = await newUser();
      const theirGroup = await otherScim("POST", "/Groups", groupBody(`Theirs ${hex()}`, [theirs]));
      expect(theirGroup.status).toBe(201);
      const theirGroupId = String(theirGroup.body.id);
      const ops = await bulkOk([
        { method: "DELETE", path: `/Users/${theirs}` },
        {
          method: "PATCH",
          path: `/Groups/${theirGroupId}`,
          data: patchOp(addMembers(mine)),
        },
        { method: "DELETE", path: `/Groups/${randomUUID()}` },
      ]);
      expect(ops).toHaveLength(3);
      for (const op of ops) expectOpError(op, "404");
      expect((await otherScim("GET", `/Users/${theirs}`)).status).toBe(200);
      const group = await otherScim("GET", `/Groups/${theirGroupId}`);
      expect(group.status).toBe(200);
      expect(memberIds(group.body)).toEqual([theirs]);
    },
  );
});
