/**
 * The mass-deprovisioning guard under attack and under load, on every database: a held request
 * keeps no secret in clear; throw-away users created in the window do not dilute it; approving
 * never undoes a newer change; decisions per change; a burst of concurrent disables stops at the
 * threshold exactly.
 */
import { expect } from "vitest";
import { executeSql, provisionedTenant, queryRows } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { UNIFLOW, call, hex, type Tenant } from "../support/scim-client";
import { addOp, patchOp, replaceActive, replaceOp, userBody } from "../support/scim-requests";

// Each test makes a tenant of its own, with the guard's thresholds it needs.
describeEachDatabase("mass-deprovisioning guard, hardened, on %s", { tenant: false }, (suite) => {
  /** A tenant whose guard holds from the (minUsers + 1)th disable or delete on. */
  async function guarded(minUsers: number, percent = 1) {
    const { app } = suite;
    const t = await provisionedTenant(app, `Guarded${hex()}`, { guard: true });
    await app.cli(
      "tenant",
      "guard",
      "--tenant",
      t.tenantId,
      "--min-users",
      String(minUsers),
      "--percent",
      String(percent),
    );
    return t;
  }
  async function users(t: Tenant, n: number, prefix = "user"): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await call(
        t,
        "POST",
        "/Users",
        userBody({ userName: `${prefix}${i}.${hex()}@guarded.example`, active: true }),
      );
      expect(r.status).toBe(201);
      ids.push(String(r.body.id));
    }
    return ids;
  }
  const patch = (t: Tenant, id: string, ops: unknown[]) => call(t, "PATCH", `/Users/${id}`, patchOp(...ops));
  const disable = (t: Tenant, id: string) => patch(t, id, [replaceActive(false)]);
  const activeOf = async (t: Tenant, id: string) => (await call(t, "GET", `/Users/${id}`)).body.active;
  const holds = (tenantId: string) =>
    queryRows<Record<string, unknown>>(
      suite.app.database,
      `SELECT * FROM "DeprovisionHold" WHERE "tenantId" = ?`,
      [tenantId],
    );

  dbTest(
    "keeps no PIN or password of a held request in clear, and applies the PIN hash on approval",
    async ({ app }) => {
      const t = await guarded(1);
      const [a, b] = await users(t, 2);
      expect((await disable(t, a!)).status).toBe(200);
      const pin = `pin-${hex()}`;
      const password = `pw-${hex()}`;
      const held = await patch(t, b!, [
        { op: "replace", value: { active: false, password } },
        addOp(`${UNIFLOW}:pin`, pin),
      ]);
      expect(held.status).toBe(204);
      const rows = await holds(t.tenantId);
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(pin);
      expect(stored).not.toContain(password);
      expect(String(rows[0]!.pinHash)).toMatch(/^\$argon2id\$/);

      const decided = await app.cli("tenant", "guard", "--tenant", t.tenantId, "--decide", "approve");
      expect(decided).toEqual({ applied: 1, superseded: 0, gone: 0 });
      expect(await activeOf(t, b!)).toBe(false);
      const [user] = await queryRows<{ pinHash: string }>(
        app.database,
        `SELECT "pinHash" FROM "ScimUser" WHERE "tenantId" = ? AND id = ?`,
        [t.tenantId, b],
      );
      expect(user!.pinHash).toBe(rows[0]!.pinHash);
    },
  );

  dbTest(
    "is not diluted by throw-away users created in the window",
    async ({ app, kind }) => {
      const t = await guarded(20, 10);
      const real = await users(t, 30, "real");
      // The real directory existed before the window; then 300 throw-away users arrive.
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
      await executeSql(app.database, `UPDATE "ScimUser" SET "createdAt" = ? WHERE "tenantId" = ?`, [
        kind === "sqlite" ? twoHoursAgo.toISOString().replace("Z", "+00:00") : twoHoursAgo,
        t.tenantId,
      ]);
      await users(t, 300, "junk");
      const statuses: number[] = [];
      for (const id of real) statuses.push((await disable(t, id)).status);
      // More than 20 and more than 10% of the 30 users active before the window: the 21st is held.
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.slice(20)).toEqual(Array(10).fill(204));
    },
    120_000,
  );

  dbTest(
    "never lets an approval undo a newer change: a re-enabled user stays enabled, a held PUT does not revert later edits",
    async ({ app }) => {
      const t = await guarded(1);
      const [a, b, c] = await users(t, 3);
      expect((await disable(t, a!)).status).toBe(200);
      expect((await disable(t, b!)).status).toBe(204);
      const put = await call(
        t,
        "PUT",
        `/Users/${c}`,
        userBody({ userName: `c.${hex()}@guarded.example`, active: false, title: "Old" }),
      );
      expect(put.status).toBe(200);
      expect(put.body.active).toBe(true);
      // Afterwards the identity provider re-enables b and edits c: acknowledged changes.
      expect((await patch(t, b!, [replaceActive(true)])).status).toBe(200);
      expect((await patch(t, c!, [replaceOp("title", "New")])).status).toBe(200);

      const decided = await app.cli("tenant", "guard", "--tenant", t.tenantId, "--decide", "approve");
      expect(decided).toEqual({ applied: 0, superseded: 2, gone: 0 });
      expect(await activeOf(t, b!)).toBe(true);
      const cNow = await call(t, "GET", `/Users/${c}`);
      expect(cNow.body.active).toBe(true);
      expect(cNow.body.title).toBe("New");
      expect(await holds(t.tenantId)).toHaveLength(0);
    },
  );

  dbTest(
    "decides per change: approve one, reject another, the trip ends when nothing is held",
    async ({ app }) => {
      const t = await guarded(1);
      const [a, b, c] = await users(t, 3);
      expect((await disable(t, a!)).status).toBe(200);
      expect((await disable(t, b!)).status).toBe(204);
      expect((await call(t, "DELETE", `/Users/${c}`)).status).toBe(204);
      const rows = await holds(t.tenantId);
      const holdOf = (user: string) => String(rows.find((r) => r.userId === user)!.id);
      expect(
        await app.cli(
          "tenant",
          "guard",
          "--tenant",
          t.tenantId,
          "--decide",
          "approve",
          "--holds",
          holdOf(c!),
        ),
      ).toEqual({ applied: 1, superseded: 0, gone: 0 });
      expect((await call(t, "GET", `/Users/${c}`)).status).toBe(404);
      expect(await holds(t.tenantId)).toHaveLength(1);
      const [tripped] = await queryRows<{ guardTrippedAt: unknown }>(
        app.database,
        `SELECT "guardTrippedAt" FROM "Tenant" WHERE id = ?`,
        [t.tenantId],
      );
      expect(tripped!.guardTrippedAt).not.toBeNull();
      expect(
        await app.cli("tenant", "guard", "--tenant", t.tenantId, "--decide", "reject", "--holds", holdOf(b!)),
      ).toEqual({ rejected: 1 });
      expect(await activeOf(t, b!)).toBe(true);
      const [after] = await queryRows<{ guardTrippedAt: unknown }>(
        app.database,
        `SELECT "guardTrippedAt" FROM "Tenant" WHERE id = ?`,
        [t.tenantId],
      );
      expect(after!.guardTrippedAt).toBeNull();
    },
  );

  dbTest(
    "stops a burst of 30 concurrent disables at the threshold exactly",
    async ({ app, kind }) => {
      const t = await guarded(20);
      const ids = await users(t, 60);
      const statuses = await Promise.all(ids.slice(0, 30).map((id) => disable(t, id).then((r) => r.status)));
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.filter((s) => s === 204)).toHaveLength(10);
      const disabled = await queryRows(
        app.database,
        `SELECT id FROM "ScimUser" WHERE "tenantId" = ? AND active = ?`,
        [t.tenantId, kind === "sqlite" ? 0 : false],
      );
      expect(disabled).toHaveLength(20);
      expect(await holds(t.tenantId)).toHaveLength(10);
    },
    120_000,
  );
});
