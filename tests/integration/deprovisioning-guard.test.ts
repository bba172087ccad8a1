/**
 * The mass-deprovisioning guard over real HTTP: past the threshold, disables and deletes (PATCH,
 * PUT, DELETE and Bulk) are answered with success but held; other changes go on; an approval
 * replays them, a rejection keeps the users active; everything lands in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionedTenant, queryRows, startApp, testDatabases, type App } from "../support/app";
import { BULK_REQUEST, PATCH_OP, USER } from "../support/scim-client";

describe.each(testDatabases())("mass-deprovisioning guard on %s", (kind) => {
  let app: App;
  let t: Awaited<ReturnType<typeof provisionedTenant>>;
  const ids: string[] = [];

  const scim = (method: string, path: string, body?: unknown) =>
    fetch(`${t.tenantUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.token}`, "Content-Type": "application/scim+json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const disable = (id: string) =>
    scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
  const active = async (id: string) => {
    const res = await scim("GET", `/Users/${id}`);
    return res.status === 404 ? "deleted" : ((await res.json()) as { active: boolean }).active;
  };
  const audit = async () =>
    (
      await queryRows<{ action: string }>(
        app.database,
        `SELECT action FROM "AuditEvent" WHERE "tenantId" = ?`,
        [t.tenantId],
      )
    ).map((r) => r.action);

  beforeAll(async () => {
    app = await startApp(kind);
    t = await provisionedTenant(app, "Guarded", { guard: true });
    await app.cli("tenant", "guard", "--tenant", t.tenantId, "--min-users", "5", "--percent", "10");
    for (let i = 0; i < 40; i++) {
      const res = await scim("POST", "/Users", {
        schemas: [USER],
        userName: `user${i}@guarded.example`,
        active: true,
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
  }, 120_000);
  afterAll(() => app?.stop());

  it("applies disables up to the threshold, then holds them while answering success", async () => {
    for (const id of ids.slice(0, 5)) expect((await disable(id)).status).toBe(200);
    for (const id of ids.slice(0, 5)) expect(await active(id)).toBe(false);
    const held = await disable(ids[5]!);
    expect(held.status).toBe(204);
    expect(await active(ids[5]!)).toBe(true);
    expect(await audit()).toContain("deprovisioning_guard.tripped");
  });

  it("holds deletes, PUTs with active=false and Bulk deletes too, but lets other changes through", async () => {
    expect((await scim("DELETE", `/Users/${ids[6]}`)).status).toBe(204);
    const put = await scim("PUT", `/Users/${ids[7]}`, {
      schemas: [USER],
      userName: "user7@guarded.example",
      active: false,
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { active: boolean }).active).toBe(true);
    const bulk = await scim("POST", "/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [{ method: "DELETE", path: `/Users/${ids[8]}` }],
    });
    expect(bulk.status).toBe(200);
    expect(((await bulk.json()) as { Operations: { status: string }[] }).Operations[0]!.status).toBe("204");
    for (const id of ids.slice(6, 9)) expect(await active(id)).toBe(true);
    const title = await scim("PATCH", `/Users/${ids[9]}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "title", value: "Still editable" }],
    });
    expect(title.status).toBe(200);
    const holds = await queryRows(
      app.database,
      `SELECT kind, method FROM "DeprovisionHold" WHERE "tenantId" = ?`,
      [t.tenantId],
    );
    expect(holds).toHaveLength(4);
    await new Promise((r) => setTimeout(r, 700));
    const logged = await queryRows<{ detail: string | null }>(
      app.database,
      `SELECT detail FROM "ScimRequestLog" WHERE "tenantId" = ? AND "resourceId" = ?`,
      [t.tenantId, ids[6]],
    );
    expect(logged.map((l) => l.detail)).toContainEqual(
      expect.stringMatching(/held by the mass-deprovisioning guard/),
    );
  });

  it("an approval applies the held changes in order and starts a new window", async () => {
    expect(await app.cli("tenant", "guard", "--tenant", t.tenantId, "--decide", "approve")).toEqual({
      applied: 4,
      superseded: 0,
      gone: 0,
    });
    expect(await active(ids[5]!)).toBe(false);
    expect(await active(ids[6]!)).toBe("deleted");
    expect(await active(ids[7]!)).toBe(false);
    expect(await active(ids[8]!)).toBe("deleted");
    expect(await audit()).toContain("deprovisioning_guard.approved");
    // A new window: the next disables apply again.
    expect((await disable(ids[10]!)).status).toBe(200);
    expect(await active(ids[10]!)).toBe(false);
  });

  it("a rejection discards the held changes: the users stay active", async () => {
    for (const id of ids.slice(11, 15)) expect((await disable(id)).status).toBe(200);
    for (const id of ids.slice(15, 20)) expect((await disable(id)).status).toBe(204);
    expect(await app.cli("tenant", "guard", "--tenant", t.tenantId, "--decide", "reject")).toEqual({
      rejected: 5,
    });
    for (const id of ids.slice(15, 20)) expect(await active(id)).toBe(true);
    expect(await audit()).toContain("deprovisioning_guard.rejected");
    const left = await queryRows(app.database, `SELECT id FROM "DeprovisionHold" WHERE "tenantId" = ?`, [
      t.tenantId,
    ]);
    expect(left).toHaveLength(0);
  });

  it("does nothing when turned off", async () => {
    await app.cli("tenant", "guard", "--tenant", t.tenantId, "--enabled", "off");
    for (const id of ids.slice(20, 35)) expect((await disable(id)).status).toBe(200);
    for (const id of ids.slice(20, 35)) expect(await active(id)).toBe(false);
  });
});
