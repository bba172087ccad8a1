/**
 * The mass-deprovisioning guard over real HTTP: past the threshold, disables and deletes (PATCH,
 * PUT, DELETE and Bulk) are answered with success but held; other changes go on; an approval
 * replays them, a rejection keeps the users active; everything lands in the audit log.
 */
import { beforeAll, expect } from "vitest";
import { queryRows } from "../support/app";
import { dbTest, describeEachDatabase, type SuiteOptions } from "../support/fixtures";
import { arr, obj } from "../support/scim-client";
import { bulkBody, patchOp, replaceOp, userBody } from "../support/scim-requests";

// The guard stays on for this tenant (the fixtures turn it off unless asked).
const guarded: SuiteOptions = { tenant: { name: "Guarded", guard: true } };

describeEachDatabase("mass-deprovisioning guard on %s", guarded, (suite) => {
  const ids: string[] = [];

  // Entra's disable, as Entra sends it.
  const disable = (id: string) =>
    suite.scim("PATCH", `/Users/${id}`, patchOp({ op: "Replace", path: "active", value: "False" }));
  const active = async (id: string) => {
    const res = await suite.scim("GET", `/Users/${id}`);
    return res.status === 404 ? "deleted" : res.body.active;
  };
  const audit = async () =>
    (
      await queryRows<{ action: string }>(
        suite.app.database,
        `SELECT action FROM "AuditEvent" WHERE "tenantId" = ?`,
        [suite.tenant.tenantId],
      )
    ).map((r) => r.action);

  beforeAll(async () => {
    const { app, tenant, scim } = suite;
    await app.cli("tenant", "guard", "--tenant", tenant.tenantId, "--min-users", "5", "--percent", "10");
    for (let i = 0; i < 40; i++) {
      const res = await scim(
        "POST",
        "/Users",
        userBody({ userName: `user${i}@guarded.example`, active: true }),
      );
      ids.push(String(res.body.id));
    }
  }, 120_000);

  dbTest("applies disables up to the threshold, then holds them while answering success", async () => {
    for (const id of ids.slice(0, 5)) expect((await disable(id)).status).toBe(200);
    for (const id of ids.slice(0, 5)) expect(await active(id)).toBe(false);
    const held = await disable(ids[5]!);
    expect(held.status).toBe(204);
    expect(await active(ids[5]!)).toBe(true);
    expect(await audit()).toContain("deprovisioning_guard.tripped");
  });

  dbTest(
    "holds deletes, PUTs with active=false and Bulk deletes too, but lets other changes through",
    async ({ app, tenant, scim }) => {
      expect((await scim("DELETE", `/Users/${ids[6]}`)).status).toBe(204);
      const put = await scim(
        "PUT",
        `/Users/${ids[7]}`,
        userBody({ userName: "user7@guarded.example", active: false }),
      );
      expect(put.status).toBe(200);
      expect(put.body.active).toBe(true);
      const bulk = await scim("POST", "/Bulk", bulkBody([{ method: "DELETE", path: `/Users/${ids[8]}` }]));
      expect(bulk.status).toBe(200);
      expect(obj(arr(bulk.body.Operations)[0]).status).toBe("204");
      for (const id of ids.slice(6, 9)) expect(await active(id)).toBe(true);
      const title = await scim("PATCH", `/Users/${ids[9]}`, patchOp(replaceOp("title", "Still editable")));
      expect(title.status).toBe(200);
      const holds = await queryRows(
        app.database,
        `SELECT kind, method FROM "DeprovisionHold" WHERE "tenantId" = ?`,
        [tenant.tenantId],
      );
      expect(holds).toHaveLength(4);
      await new Promise((r) => setTimeout(r, 700));
      const logged = await queryRows<{ detail: string | null }>(
        app.database,
        `SELECT detail FROM "ScimRequestLog" WHERE "tenantId" = ? AND "resourceId" = ?`,
        [tenant.tenantId, ids[6]],
      );
      expect(logged.map((l) => l.detail)).toContainEqual(
        expect.stringMatching(/held by the mass-deprovisioning guard/),
      );
    },
  );

  dbTest("an approval applies the held changes in order and starts a new window", async ({ app, tenant }) => {
    expect(await app.cli("tenant", "guard", "--tenant", tenant.tenantId, "--decide", "approve")).toEqual({
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

  dbTest("a rejection discards the held changes: the users stay active", async ({ app, tenant }) => {
    for (const id of ids.slice(11, 15)) expect((await disable(id)).status).toBe(200);
    for (const id of ids.slice(15, 20)) expect((await disable(id)).status).toBe(204);
    expect(await app.cli("tenant", "guard", "--tenant", tenant.tenantId, "--decide", "reject")).toEqual({
      rejected: 5,
    });
    for (const id of ids.slice(15, 20)) expect(await active(id)).toBe(true);
    expect(await audit()).toContain("deprovisioning_guard.rejected");
    const left = await queryRows(app.database, `SELECT id FROM "DeprovisionHold" WHERE "tenantId" = ?`, [
      tenant.tenantId,
    ]);
    expect(left).toHaveLength(0);
  });

  dbTest("does nothing when turned off", async ({ app, tenant }) => {
    await app.cli("tenant", "guard", "--tenant", tenant.tenantId, "--enabled", "off");
    for (const id of ids.slice(20, 35)) expect((await disable(id)).status).toBe(200);
    for (const id of ids.slice(20, 35)) expect(await active(id)).toBe(false);
  });
});
