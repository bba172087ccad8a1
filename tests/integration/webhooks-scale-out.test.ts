/**
 * Two app instances on one PostgreSQL database deliver webhooks together: every event reaches the
 * receiver once per attempt — the first attempt of each event is answered 500, so each must arrive
 * exactly twice (attempt 1 refused, attempt 2 accepted), never three times — while SCIM requests
 * alternate between the instances.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDatabase,
  provisionedTenant,
  queryRows,
  startApp,
  testDatabases,
  type App,
  type Database,
} from "../support/app";
import { USER, hex } from "../support/scim-client";
import { Receiver } from "../support/webhook-receiver";

const postgres = testDatabases().includes("postgres");

describe.skipIf(!postgres)("webhooks from two app instances on one PostgreSQL", () => {
  let database: Database;
  let a: App;
  let b: App;
  const receiver = new Receiver();
  const env = {
    WEBHOOK_ALLOW_PRIVATE: "1",
    WEBHOOK_RETRY_BASE_MS: "300",
    WEBHOOK_RETRY_MAX_MS: "600",
    APP_URL: "https://rollcall.test",
    NEXTAUTH_URL: "https://rollcall.test",
    // One installation: every instance has the same key material (decision 0009).
    NEXTAUTH_SECRET: `secret-${hex()}${hex()}${hex()}`,
  };

  beforeAll(async () => {
    await receiver.start();
    database = await createDatabase("postgres");
    [a, b] = await Promise.all([
      startApp("postgres", { database, env }),
      startApp("postgres", { database, env }),
    ]);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await receiver.stop();
    await database?.drop();
  });

  it("delivers each event once per attempt, however the instances share the work", async () => {
    const t = await provisionedTenant(a, "Shared");
    const { endpointId, secret } = await a.cli("webhook", "add", "--url", `${receiver.url}/shared`);
    receiver.addSecret("/shared", "current", secret!);
    receiver.answer = (r) => (r.seenBefore === 0 ? { status: 500, body: "not yet" } : { status: 200 });
    const path = new URL(t.tenantUrl).pathname;
    const users = 300;
    const created = await Promise.all(
      Array.from({ length: users }, async (_, i) => {
        const res = await fetch(`${(i % 2 ? a : b).url}${path}/Users`, {
          method: "POST",
          headers: { Authorization: `Bearer ${t.token}`, "Content-Type": "application/scim+json" },
          body: JSON.stringify({ schemas: [USER], userName: `u${i}.${hex()}@contoso.com` }),
        });
        return res.status;
      }),
    );
    expect(created.every((s) => s === 201)).toBe(true);

    const ids = () => new Set(receiver.on("/shared").map((r) => r.id));
    await receiver.until(
      "two receipts of every event",
      () =>
        ids().size >= users &&
        [...ids()].every((id) => receiver.on("/shared").filter((r) => r.id === id).length >= 2),
      90_000,
    );
    await new Promise((r) => setTimeout(r, 2000)); // no third receipt comes
    const receipts = receiver.on("/shared");
    const byId = new Map<string, number[]>();
    for (const r of receipts) byId.set(r.id, [...(byId.get(r.id) ?? []), r.status]);
    const created_ = receipts.filter((r) => r.json.type === "user.created").map((r) => r.id);
    expect(new Set(created_).size).toBe(users);
    for (const [id, statuses] of byId) expect(statuses, id).toEqual([500, 200]);
    expect(receipts.every((r) => r.verifiedWith.includes("current"))).toBe(true);

    const attempts = await queryRows<{ attempt: number; outcome: string; n: number }>(
      database,
      `SELECT attempt, outcome, COUNT(*) AS n FROM "WebhookAttempt" WHERE "endpointId" = ? GROUP BY attempt, outcome
       ORDER BY attempt`,
      [endpointId],
    );
    expect(attempts.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { attempt: 1, outcome: "server_error", n: byId.size },
      { attempt: 2, outcome: "delivered", n: byId.size },
    ]);
    const pending = await queryRows<{ n: number }>(
      database,
      `SELECT COUNT(*) AS n FROM "WebhookDelivery" WHERE "endpointId" = ? AND state <> 'delivered'`,
      [endpointId],
    );
    expect(Number(pending[0]!.n)).toBe(0);
  }, 180_000);
});
