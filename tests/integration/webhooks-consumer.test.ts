/**
 * The example consumer's webhook mode (examples/directory-sync/webhook.mjs) against the real app on
 * every database: it verifies each webhook with the `standardwebhooks` package and keeps a copy of
 * the tenant that equals the directory API's view after a SCIM sequence — webhooks arriving
 * concurrently, so not in order — and that a replay of every event (older events after newer ones)
 * leaves unchanged; a forged request is refused.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/pg-cluster.mjs";
import { api, apiKey, comparable, directoryView, type DirectoryCopy } from "../support/api";
import { provisionedTenant, startApp, testDatabases, type App } from "../support/app";
import { call, GROUP, hex, PATCH_OP, USER } from "../support/scim-client";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe.each(testDatabases())("the example consumer's webhook mode on %s", (kind) => {
  let app: App;
  let consumer: ChildProcess | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-webhook-sync-"));
  const file = path.join(dir, "directory.json");
  beforeAll(async () => {
    app = await startApp(kind, {
      env: { WEBHOOK_ALLOW_PRIVATE: "1", WEBHOOK_RETRY_BASE_MS: "200", WEBHOOK_RETRY_MAX_MS: "1000" },
    });
  });
  afterAll(async () => {
    consumer?.kill();
    await app?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a copy equal to the directory API's, whatever the order webhooks arrive in", async () => {
    const t = await provisionedTenant(app, "Hooked");
    const key = (await apiKey(app, "directory:read,webhooks:write", "consumer check")).key;
    const port = await freePort();
    const { endpointId, secret } = await app.cli(
      "webhook",
      "add",
      "--url",
      `http://127.0.0.1:${port}/rollcall`,
      "--tenant",
      t.tenantId,
    );
    consumer = spawn(process.execPath, ["examples/directory-sync/webhook.mjs", file], {
      cwd: ROOT,
      env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => consumer!.stdout!.once("data", () => resolve()));

    const patch = (p: string, ops: unknown[]) =>
      call(t, "PATCH", p, { schemas: [PATCH_OP], Operations: ops });
    const users = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const created = await call(t, "POST", "/Users", {
          schemas: [USER],
          userName: `w${i}.${hex()}@contoso.com`,
          displayName: `User ${i}`,
          active: true,
        });
        return String(created.body.id);
      }),
    );
    const sales = String(
      (
        await call(t, "POST", "/Groups", {
          schemas: [GROUP],
          displayName: `Sales ${hex()}`,
          members: users.slice(0, 6).map((value) => ({ value })),
        })
      ).body.id,
    );
    const ops = String(
      (await call(t, "POST", "/Groups", { schemas: [GROUP], displayName: `Ops ${hex()}` })).body.id,
    );
    await Promise.all([
      patch(`/Groups/${ops}`, [
        { op: "add", path: "members", value: [{ value: users[1] }, { value: users[7] }] },
      ]),
      patch(`/Groups/${sales}`, [{ op: "remove", path: `members[value eq "${users[1]}"]` }]),
      ...users
        .slice(2, 5)
        .map((id, i) => patch(`/Users/${id}`, [{ op: "replace", path: "title", value: `T${i}` }])),
      patch(`/Users/${users[5]}`, [{ op: "replace", path: "active", value: false }]),
      call(t, "DELETE", `/Users/${users[6]}`),
      patch(`/Groups/${sales}`, [{ op: "replace", path: "displayName", value: `Sales EMEA ${hex()}` }]),
    ]);
    await patch(`/Users/${users[2]}`, [{ op: "replace", path: "title", value: "Last" }]);
    await call(t, "DELETE", `/Users/${users[0]}`);

    const expected = comparable(await directoryView(app, key, t.tenantId));
    const copy = (): DirectoryCopy | null =>
      fs.existsSync(file) ? comparable(JSON.parse(fs.readFileSync(file, "utf8")) as DirectoryCopy) : null;
    const deadline = Date.now() + 30_000;
    while (JSON.stringify(copy()) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(copy()).toEqual(expected);
    expect(Object.keys(expected.users)).toHaveLength(10);

    // Every event again, oldest first after the newest: nothing changes.
    const replay = await api(app, key, "POST", `/webhooks/${endpointId}/replay`, {
      since: "2000-01-01T00:00:00Z",
    });
    expect(replay.body.deliveries).toBeGreaterThan(30);
    const pending = async () =>
      ((await api(app, key, "GET", `/webhooks/${endpointId}`)).body.deliveries as { pending: number })
        .pending;
    while ((await pending()) > 0 && Date.now() < deadline + 30_000)
      await new Promise((r) => setTimeout(r, 200));
    expect(await pending()).toBe(0);
    expect(copy()).toEqual(expected);

    // Not signed with the secret: refused, nothing applied.
    const forged = await fetch(`http://127.0.0.1:${port}/rollcall`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": "evt_0000000000999999",
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": "v1,AAAA",
      },
      body: JSON.stringify({ id: "evt_0000000000999999", seq: 999_999, type: "tenant.deleted", data: {} }),
    });
    expect(forged.status).toBe(401);
    expect(copy()).toEqual(expected);
  }, 120_000);
});
