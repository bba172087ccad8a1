/**
 * Webhooks end to end, on every database: the built app, the operator CLI and a real local
 * receiver that verifies each request with the `standardwebhooks` package. Entra's cycle arrives as
 * exactly the expected events; a receiver that is down gets everything once it is back; each way a
 * request can fail is recorded as such; rotation signs with both secrets during the overlap;
 * replay and test send; retention. SSRF and crash safety have describes of their own below (they
 * need apps configured differently).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/pg-cluster.mjs";
import { api, apiKey, expectProblem } from "../support/api";
import {
  createDatabase,
  executeSql,
  provisionedTenant,
  queryRows,
  startApp,
  testDatabases,
  type App,
} from "../support/app";
import { GROUP, PATCH_OP, UNIFLOW, USER, call, hex, type Tenant } from "../support/scim-client";
import { cliResult, Receiver } from "../support/webhook-receiver";

/** Short retries, so that "later" is within a test. */
const FAST = {
  WEBHOOK_ALLOW_PRIVATE: "1",
  WEBHOOK_RETRY_BASE_MS: "200",
  WEBHOOK_RETRY_MAX_MS: "1000",
  WEBHOOK_TIMEOUT_MS: "1500",
};

type Provisioned = Tenant & { tenantId: string; idpId: string };

async function addEndpoint(
  app: App,
  receiver: Receiver,
  name: string,
  args: string[] = [],
  url = `${receiver.url}/${name}`,
): Promise<string> {
  const { endpointId, secret } = await app.cli("webhook", "add", "--url", url, ...args);
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  receiver.addSecret(`/${name}`, "current", secret!);
  return endpointId!;
}

const createUser = (t: Tenant, name = `u.${hex()}@contoso.com`) =>
  call(t, "POST", "/Users", { schemas: [USER], userName: name, active: true });

type AttemptRow = {
  outcome: string;
  statusCode: number | null;
  excerpt: string;
  latencyMs: number;
  attempt: number;
};

const attemptsOf = (app: App, endpointId: string) =>
  queryRows<AttemptRow>(
    app.database,
    `SELECT outcome, "statusCode", excerpt, "latencyMs", attempt FROM "WebhookAttempt" WHERE "endpointId" = ? ORDER BY at`,
    [endpointId],
  );

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(testDatabases())("webhooks on %s", (kind) => {
  const receiver = new Receiver();
  let app: App;
  let t: Provisioned;
  let all: string;
  beforeAll(async () => {
    await receiver.start();
    app = await startApp(kind, { env: FAST });
    t = await provisionedTenant(app, "Hooked");
    all = await addEndpoint(app, receiver, "all", ["--tenant", t.tenantId]);
  });
  afterAll(async () => {
    await app?.stop();
    await receiver.stop();
  });
  const patch = (path: string, ops: unknown[]) =>
    call(t, "PATCH", path, { schemas: [PATCH_OP], Operations: ops });

  it("delivers Entra's cycle as exactly the expected events, each once, signed and verified", async () => {
    const { tenantId: otherTenant } = await app.cli(
      "tenant",
      "create",
      "--name",
      "Elsewhere",
      "--admin-email",
      `a.${hex()}@elsewhere.example`,
      "--admin-password",
      "correct horse battery staple",
    );
    const groupsOnly = await addEndpoint(app, receiver, "groups", [
      "--tenant",
      t.tenantId,
      "--types",
      "group.created,group.deleted",
    ]);
    await addEndpoint(app, receiver, "elsewhere", ["--tenant", otherTenant!]);
    const pin = `pin-${hex()}`;
    const alex = await call(t, "POST", "/Users", {
      schemas: [USER, UNIFLOW],
      userName: `alex.${hex()}@contoso.com`,
      active: true,
      emails: [{ value: "alex@contoso.com", type: "work", primary: true }],
      [UNIFLOW]: { pin, cardNumber: "1234567890" },
    });
    const ben = await createUser(t);
    const a = String(alex.body.id);
    const b = String(ben.body.id);
    const group = await call(t, "POST", "/Groups", {
      schemas: [GROUP],
      displayName: `Sales ${hex()}`,
      members: [{ value: a }],
    });
    const g = String(group.body.id);
    await patch(`/Groups/${g}`, [{ op: "Add", path: "members", value: [{ value: a }, { value: b }] }]);
    await patch(`/Users/${a}`, [{ op: "Replace", path: "title", value: "Engineer" }]);
    await patch(`/Users/${a}`, [{ op: "Replace", path: "title", value: "Engineer" }]); // no change
    await patch(`/Groups/${g}`, [{ op: "remove", path: `members[value eq "${b}"]` }]);
    await patch(`/Groups/${g}`, [{ op: "Replace", path: "displayName", value: "Sales EMEA" }]);
    await patch(`/Users/${a}`, [{ op: "Replace", path: "active", value: "False" }]);
    await patch(`/Users/${a}`, [{ op: "Replace", path: "active", value: "True" }]);
    await patch(`/Users/${a}`, [{ op: "add", path: `${UNIFLOW}:pin`, value: `${pin}-2` }]);
    expect(
      (await call(t, "POST", "/Users", { schemas: [USER], userName: String(alex.body.userName) })).status,
    ).toBe(409);
    await call(t, "DELETE", `/Groups/${g}`);
    await call(t, "DELETE", `/Users/${b}`);

    await receiver.until("13 events on /all", () => receiver.on("/all").length >= 13);
    await receiver.until("2 events on /groups", () => receiver.on("/groups").length >= 2);
    await new Promise((r) => setTimeout(r, 1000)); // nothing more arrives
    const got = receiver.on("/all").sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(got.map((r) => r.json.type)).toEqual([
      "user.created",
      "user.created",
      "group.created",
      "group.member_added",
      "group.member_added",
      "user.updated",
      "group.member_removed",
      "group.updated",
      "user.deactivated",
      "user.reactivated",
      "user.updated",
      "group.deleted",
      "user.deleted",
    ]);
    expect(new Set(got.map((r) => r.id)).size).toBe(13);
    const rows = await queryRows<{
      seq: number;
      type: string;
      at: string | Date;
      data: string;
      idpId: string;
    }>(
      app.database,
      `SELECT seq, type, at, data, "idpId" FROM "Event" WHERE "tenantId" = ? AND seq IS NOT NULL ORDER BY seq`,
      [t.tenantId],
    );
    const bySeq = new Map(rows.map((r) => [`evt_${String(r.seq).padStart(16, "0")}`, r]));
    for (const r of got) {
      expect(r.verifiedWith).toEqual(["current"]);
      expect(r.json.id).toBe(r.id);
      expect(r.id).toMatch(/^evt_\d{16}$/);
      expect(Math.abs(Number(r.timestamp) - r.receivedAt / 1000)).toBeLessThan(60);
      const row = bySeq.get(r.id)!;
      expect(row, r.id).toBeDefined();
      expect(r.json).toEqual({
        id: r.id,
        seq: Number(row.seq),
        type: row.type,
        tenantId: t.tenantId,
        idpId: t.idpId,
        createdAt: new Date(row.at).toISOString(),
        data: JSON.parse(row.data),
      });
    }
    expect(got[0]!.json.data).toMatchObject({ user: { id: a, email: "alex@contoso.com" } });
    expect(receiver.receipts.map((r) => r.body).join("")).not.toContain(pin);

    const groups = receiver.on("/groups").sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(groups.map((r) => r.json.type)).toEqual(["group.created", "group.deleted"]);
    expect(groups.every((r) => r.verifiedWith.includes("current"))).toBe(true);
    expect(receiver.on("/elsewhere")).toEqual([]);
    const { endpoints } = await app.cli<{ endpoints: { endpointId: string; deliveries: object }[] }>(
      "webhook",
      "list",
    );
    expect(endpoints.find((e) => e.endpointId === groupsOnly)?.deliveries).toEqual({
      pending: 0,
      delivered: 2,
      failed: 0,
    });
    expect(JSON.stringify(endpoints)).not.toContain("whsec_");
  }, 120_000);

  it("delivers everything once a receiver that was down is back, after retries", async () => {
    const flaky = new Receiver();
    await flaky.start();
    const endpointId = await addEndpoint(app, flaky, "flaky", [
      "--tenant",
      t.tenantId,
      "--types",
      "user.created",
    ]);
    await flaky.stop();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(String((await createUser(t)).body.id));
    await waitFor(
      "failed attempts",
      () => attemptsOf(app, endpointId),
      (a) => a.filter((x) => x.outcome === "connection").length >= 20,
    );
    await flaky.start(); // the same port
    await flaky.until("every user", () =>
      ids.every((id) => flaky.receipts.some((r) => hasUser(r.json.data, id))),
    );
    expect(flaky.receipts.every((r) => r.verifiedWith.includes("current"))).toBe(true);
    const attempts = await waitFor(
      "the attempts recorded",
      () => attemptsOf(app, endpointId),
      (a) => a.filter((x) => x.outcome === "delivered").length >= 10,
    );
    expect(attempts.find((a) => a.outcome === "connection")?.excerpt).toMatch(/ECONNREFUSED/);
    const [status] = (
      await app.cli<{ endpoints: EndpointJson[] }>("webhook", "list", "--endpoint", endpointId)
    ).endpoints;
    expect(status).toMatchObject({
      enabled: true,
      failingSince: null,
      deliveries: { pending: 0, delivered: 10 },
    });
    expect(status!.lastSuccessAt).not.toBeNull();
    await flaky.stop();
  }, 120_000);

  it("records each way a delivery can fail distinctly, follows no redirect, and bounds what it keeps", async () => {
    const closedPort = await freePort();
    receiver.answer = (r) => {
      switch (r.path) {
        case "/e500":
          return { status: 500, body: `boom\r\nX-Injected: 1\u001b[31m\u2028${"x".repeat(5000)}` };
        case "/e404":
          return { status: 404, body: "no such hook" };
        case "/moved":
          return { status: 302, headers: { location: `${receiver.url}/moved-target` }, body: "" };
        case "/slow":
          return { status: 200, delayMs: 4000 };
        default:
          return { status: 200, body: "ok" };
      }
    };
    const filters = ["--tenant", t.tenantId, "--types", "user.created"];
    const [server_error, client_error, redirect, timeout, tls, connection] = await Promise.all([
      addEndpoint(app, receiver, "e500", filters),
      addEndpoint(app, receiver, "e404", filters),
      addEndpoint(app, receiver, "moved", filters),
      addEndpoint(app, receiver, "slow", filters),
      addEndpoint(app, receiver, "tls", filters, `https://127.0.0.1:${receiver.port}/tls`),
      addEndpoint(app, receiver, "closed", filters, `http://127.0.0.1:${closedPort}/`),
    ]);
    const endpoints = { server_error, client_error, redirect, timeout, tls, connection };
    await createUser(t);
    for (const [outcome, endpointId] of Object.entries(endpoints)) {
      const [first] = await waitFor(
        outcome,
        () => attemptsOf(app, endpointId),
        (a) => a.length > 0,
      );
      expect(first!.outcome, outcome).toBe(outcome);
      expect(first!.attempt).toBe(1);
    }
    const [e500] = await attemptsOf(app, endpoints.server_error);
    expect(e500).toMatchObject({ statusCode: 500 });
    expect(e500!.excerpt).toMatch(/^boom\\x0d\\x0aX-Injected: 1\\x1b\[31m\\u2028x+…\(\d+ chars\)$/);
    expect(e500!.excerpt.length).toBeLessThan(250);
    expect((await attemptsOf(app, endpoints.client_error))[0]).toMatchObject({
      statusCode: 404,
      excerpt: "no such hook",
    });
    const [moved] = await attemptsOf(app, endpoints.redirect);
    expect(moved).toMatchObject({ statusCode: 302, excerpt: `Location: ${receiver.url}/moved-target` });
    const [slow] = await attemptsOf(app, endpoints.timeout);
    expect(slow).toMatchObject({ statusCode: null });
    expect(slow!.latencyMs).toBeGreaterThanOrEqual(1400);
    expect(slow!.latencyMs).toBeLessThan(3500);
    expect((await attemptsOf(app, endpoints.connection))[0]!.excerpt).toMatch(/ECONNREFUSED/);
    expect(receiver.on("/moved-target")).toEqual([]);
    // The failing ones are retried (the first retries come within a second here).
    await waitFor(
      "retries",
      () => attemptsOf(app, endpoints.client_error),
      (a) => a.length >= 2,
    );
    const { attempts } = await app.cli<{ attempts: { outcome: string; webhookId: string }[] }>(
      "webhook",
      "attempts",
      "--endpoint",
      endpoints.client_error,
    );
    expect(attempts[0]).toMatchObject({ outcome: "client_error", webhookId: expect.stringMatching(/^evt_/) });
    await Promise.all(Object.values(endpoints).map((id) => app.cli("webhook", "remove", "--endpoint", id)));
    receiver.answer = () => ({ status: 200, body: "ok" });
  }, 120_000);

  it("signs with the old and the new secret for the overlap after a rotation, then with the new one", async () => {
    const endpointId = await addEndpoint(app, receiver, "rotating", [
      "--tenant",
      t.tenantId,
      "--types",
      "user.created",
    ]);
    const receivedFor = async (id: string) => {
      await receiver.until(id, () => receiver.on("/rotating").some((r) => hasUser(r.json.data, id)));
      return receiver.on("/rotating").find((r) => hasUser(r.json.data, id))!;
    };
    const before = await receivedFor(String((await createUser(t)).body.id));
    expect(before.verifiedWith).toEqual(["current"]);

    const rotated = await app.cli("webhook", "rotate-secret", "--endpoint", endpointId);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(Date.parse(rotated.previousSecretValidUntil!) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    receiver.addSecret("/rotating", "new", rotated.secret!);
    const during = await receivedFor(String((await createUser(t)).body.id));
    expect(during.signature.split(" ")).toHaveLength(2);
    expect(during.verifiedWith.sort()).toEqual(["current", "new"]);

    // The 24 hours are over.
    await executeSql(app.database, `UPDATE "WebhookEndpoint" SET "previousSecretUntil" = ? WHERE id = ?`, [
      kind === "sqlite" ? "2020-01-01T00:00:00.000+00:00" : new Date("2020-01-01T00:00:00Z"),
      endpointId,
    ]);
    await new Promise((r) => setTimeout(r, 300));
    const after = await receivedFor(String((await createUser(t)).body.id));
    expect(after.verifiedWith).toEqual(["new"]);
    expect(after.signature.split(" ")).toHaveLength(1);
    await app.cli("webhook", "remove", "--endpoint", endpointId);
  }, 120_000);

  it("replays one event or a range with the same ids, only as the endpoint's filters allow", async () => {
    const first = receiver.on("/all").sort((x, y) => (x.id < y.id ? -1 : 1));
    const one = first[2]!;
    const replayed = await app.cli("webhook", "replay", "--endpoint", all, "--event", one.id);
    expect(replayed).toEqual({ endpointId: all, deliveries: 1 });
    await receiver.until("the replay", () => receiver.on("/all").filter((r) => r.id === one.id).length === 2);
    const again = receiver.on("/all").filter((r) => r.id === one.id)[1]!;
    expect(again.body).toBe(one.body);
    expect(again.verifiedWith).toEqual(["current"]);

    const range = await app.cli(
      "webhook",
      "replay",
      "--endpoint",
      all,
      "--from",
      first[0]!.id,
      "--to",
      first[4]!.id,
    );
    expect(range.deliveries).toBe(5);
    await receiver.until("the range", () =>
      first.slice(0, 5).every((f) => receiver.on("/all").filter((r) => r.id === f.id).length >= 2),
    );
    const since = new Date(Date.parse(first[0]!.json.createdAt) - 1).toISOString();
    const byTime = await app.cli("webhook", "replay", "--endpoint", all, "--since", since);
    expect(Number(byTime.deliveries)).toBeGreaterThanOrEqual(first.length);
    await waitFor(
      "the replays delivered",
      async () =>
        (await app.cli<{ endpoints: EndpointJson[] }>("webhook", "list", "--endpoint", all)).endpoints[0]!,
      (e) => (e.deliveries as { pending: number }).pending === 0,
    );

    const missing = await cliResult(app, [
      "webhook",
      "replay",
      "--endpoint",
      all,
      "--event",
      "evt_0000009999999999",
    ]);
    expect(missing).toMatchObject({ code: 1, json: { error: expect.stringMatching(/no event/) } });
    const { endpointId: groupsOnly } = (
      await app.cli<{ endpoints: { endpointId: string; url: string }[] }>("webhook", "list")
    ).endpoints.find((e) => e.url.endsWith("/groups"))!;
    const aUser = first.find((r) => r.json.type === "user.created")!;
    const excluded = await cliResult(app, [
      "webhook",
      "replay",
      "--endpoint",
      groupsOnly,
      "--event",
      aUser.id,
    ]);
    expect(excluded).toMatchObject({ code: 1, json: { error: expect.stringMatching(/filters exclude/) } });
  }, 120_000);

  it("sends a webhook.test event on request, recorded but not in the outbox", async () => {
    const result = await app.cli<Record<string, unknown>>("webhook", "test", "--endpoint", all);
    expect(result).toMatchObject({ delivered: true, outcome: "delivered", statusCode: 200 });
    const receipt = receiver.on("/all").find((r) => r.id === result.webhookId)!;
    expect(receipt.json).toMatchObject({
      type: "webhook.test",
      tenantId: t.tenantId,
      data: { endpointId: all },
    });
    expect(receipt.id).toMatch(/^evt_test_[0-9a-f]{16}$/);
    expect(receipt.verifiedWith).toEqual(["current"]);
    expect(await queryRows(app.database, `SELECT id FROM "Event" WHERE type = 'webhook.test'`)).toEqual([]);
    const { attempts } = await app.cli<{ attempts: { webhookId: string; kind: string }[] }>(
      "webhook",
      "attempts",
      "--endpoint",
      all,
      "--limit",
      "1",
    );
    expect(attempts).toEqual([expect.objectContaining({ webhookId: result.webhookId, kind: "test" })]);
  }, 120_000);

  it("prunes events and finished deliveries past the retention, and nothing newer", async () => {
    const old = new Date(Date.now() - 200 * 86_400_000);
    const time = (d: Date) => (kind === "sqlite" ? d.toISOString().replace("Z", "+00:00") : d);
    const seq = -Math.floor(Math.random() * 1e9) - 1; // outside the numbering the app uses
    await executeSql(
      app.database,
      `INSERT INTO "Event" (id, seq, "tenantId", at, type, "idpId", data) VALUES (?, ?, ?, ?, 'user.created', NULL, '{}')`,
      [`old-${hex()}`, seq, t.tenantId, time(old)],
    );
    const insertDelivery = (id: string, state: string, finishedAt: Date | null) =>
      executeSql(
        app.database,
        `INSERT INTO "WebhookDelivery" (id, "endpointId", "eventSeq", kind, state, attempts, "nextAt", "createdAt", "finishedAt")
         VALUES (?, ?, ?, 'event', ?, 1, ?, ?, ?)`,
        [
          id,
          all,
          seq,
          state,
          time(new Date(Date.now() + 86_400_000)),
          time(old),
          finishedAt && time(finishedAt),
        ],
      );
    const [oldDone, oldPending] = [`d-${hex()}`, `d-${hex()}`];
    await insertDelivery(oldDone, "delivered", old);
    await insertDelivery(oldPending, "pending", null);
    await executeSql(
      app.database,
      `INSERT INTO "WebhookAttempt" (id, "deliveryId", "endpointId", attempt, at, outcome, "latencyMs", excerpt)
       VALUES (?, ?, ?, 1, ?, 'delivered', 3, 'ok')`,
      [`a-${hex()}`, oldDone, all, time(old)],
    );
    const events = await queryRows(app.database, `SELECT COUNT(*) AS n FROM "Event"`);
    const pruned = await app.cli<{ events: number; deliveries: number }>("events", "prune");
    expect(pruned).toEqual({ events: 1, deliveries: 1, audit: 0 });
    const left = await queryRows<{ id: string }>(
      app.database,
      `SELECT id FROM "WebhookDelivery" WHERE id IN (?, ?)`,
      [oldDone, oldPending],
    );
    expect(left.map((r) => r.id)).toEqual([oldPending]);
    expect(
      await queryRows(app.database, `SELECT id FROM "WebhookAttempt" WHERE "deliveryId" = ?`, [oldDone]),
    ).toEqual([]);
    const after = await queryRows(app.database, `SELECT COUNT(*) AS n FROM "Event"`);
    expect(Number(after[0]!.n)).toBe(Number(events[0]!.n) - 1);
    await executeSql(app.database, `DELETE FROM "WebhookDelivery" WHERE id = ?`, [oldPending]);
  });
});

type EndpointJson = Record<string, unknown> & {
  endpointId: string;
  deliveries: { pending: number; delivered: number; failed: number };
};

function hasUser(data: unknown, id: string): boolean {
  return (data as { user?: { id?: string } } | null)?.user?.id === id;
}

describe.each(testDatabases())("webhook SSRF protection on %s", (kind) => {
  const receiver = new Receiver();
  let app: App;
  let t: Provisioned;
  beforeAll(async () => {
    await receiver.start();
    // No WEBHOOK_ALLOW_PRIVATE; retries give up (and the endpoint is disabled) after 5 seconds.
    app = await startApp(kind, {
      env: {
        WEBHOOK_RETRY_BASE_MS: "200",
        WEBHOOK_RETRY_MAX_MS: "500",
        WEBHOOK_RETRY_HOURS: String(5 / 3600),
      },
    });
    t = await provisionedTenant(app, "Guarded");
  });
  afterAll(async () => {
    await app?.stop();
    await receiver.stop();
  });

  it("refuses private, loopback, link-local and metadata targets when an endpoint is added", async () => {
    const port = receiver.port;
    const refused = {
      [`http://127.0.0.1:${port}/`]: /127\.0\.0\.1, a loopback address/,
      [`http://[::1]:${port}/`]: /::1, a loopback address/,
      "http://10.1.2.3/hook": /private/,
      "http://169.254.169.254/latest/meta-data/": /metadata/,
      [`http://localhost:${port}/hook`]: /localhost resolves to .*loopback/,
      "http://[::ffff:127.0.0.1]/": /loopback/,
      "http://[fd00::1]/": /private/,
      "http://100.64.1.1/": /cgnat/,
      "http://0.0.0.0/": /unspecified/,
      "ftp://example.com/": /https:\/\//,
      "https://user:secret@example.com/": /user name or password/,
    };
    const results = await Promise.all(
      Object.keys(refused).map((url) => cliResult(app, ["webhook", "add", "--url", url])),
    );
    Object.values(refused).forEach((message, i) => {
      expect(results[i]!.code, Object.keys(refused)[i]).toBe(1);
      expect(results[i]!.json, Object.keys(refused)[i]).toEqual({ error: expect.stringMatching(message) });
    });
    expect(results[0]!.json).toEqual({ error: expect.stringContaining("WEBHOOK_ALLOW_PRIVATE=1") });
    // The management API refuses them alike, naming the field.
    const { key } = await apiKey(app, "webhooks:write");
    for (const url of Object.keys(refused).slice(0, 6)) {
      const reply = await api(app, key, "POST", "/webhooks", { url });
      expectProblem(reply, 422, "validation");
      expect(reply.body.errors).toEqual([
        { pointer: "#/url", detail: expect.stringMatching(/address|resolves/) },
      ]);
    }
    const { endpoints } = await app.cli<{ endpoints: unknown[] }>("webhook", "list");
    expect(endpoints).toEqual([]);
  }, 120_000);

  it("checks the address connected to at delivery time, and disables an endpoint that fails throughout", async () => {
    // Added while allowed (as if the name resolved elsewhere then); delivered from an app that is not.
    const allow = { WEBHOOK_ALLOW_PRIVATE: "1" };
    const byName = await cliResult<{ endpointId: string; secret: string }>(
      app,
      ["webhook", "add", "--url", `http://localhost:${receiver.port}/by-name`, "--tenant", t.tenantId],
      allow,
    );
    const byAddress = await cliResult<{ endpointId: string }>(
      app,
      ["webhook", "add", "--url", `http://127.0.0.1:${receiver.port}/by-address`, "--tenant", t.tenantId],
      allow,
    );
    await createUser(t);
    for (const endpointId of [byName.json.endpointId, byAddress.json.endpointId]) {
      const [first] = await waitFor(
        "an attempt",
        () => attemptsOf(app, endpointId),
        (a) => a.length > 0,
      );
      expect(first).toMatchObject({ outcome: "refused_address", statusCode: null });
      expect(first!.excerpt).toMatch(/loopback address: webhooks go to public addresses only/);
    }
    const test = await cliResult(app, ["webhook", "test", "--endpoint", byName.json.endpointId]);
    expect(test).toMatchObject({ code: 1, json: { delivered: false, outcome: "refused_address" } });
    expect(receiver.receipts).toEqual([]);

    const status = await waitFor(
      "the endpoint disabled",
      async () =>
        (
          await app.cli<{ endpoints: EndpointJson[] }>(
            "webhook",
            "list",
            "--endpoint",
            byName.json.endpointId,
          )
        ).endpoints[0]!,
      (e) => e.enabled === false,
      30_000,
    );
    // Nothing got through. The user.created delivery ran out of retries (failed) unless the
    // endpoint was disabled first by its failing window — the other endpoint's
    // webhook_endpoint.disabled is this tenant's event too and fails here as well — in which case
    // it waits (pending) for the endpoint to be enabled again.
    expect(status).toMatchObject({ disabledReason: "failing", deliveries: { delivered: 0 } });
    expect(status.deliveries.failed + status.deliveries.pending).toBeGreaterThanOrEqual(1);
    expect(status.failingSince).not.toBeNull();
    const disabled = await queryRows<{ tenantId: string; data: string }>(
      app.database,
      `SELECT "tenantId", data FROM "Event" WHERE type = 'webhook_endpoint.disabled'`,
    );
    const reported = disabled.map((e) => JSON.parse(e.data) as { endpoint: { id: string; origin: string } });
    expect(reported.map((d) => d.endpoint.id).sort()).toEqual(
      [byName.json.endpointId, byAddress.json.endpointId].sort(),
    );
    expect(reported[0]!.endpoint.origin).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+$/);
    expect(disabled.every((e) => e.tenantId === t.tenantId)).toBe(true);
  }, 120_000);
});

describe.each(testDatabases())("webhooks across a crash on %s", (kind) => {
  it("loses nothing when Rollcall is killed mid-delivery and started again", async () => {
    const database = await createDatabase(kind);
    const receiver = new Receiver();
    await receiver.start();
    // The restarted server is the same installation: the same key material, so it can still read
    // the endpoint's signing secret (decision 0009).
    const env = { ...FAST, WEBHOOK_TIMEOUT_MS: "3000", ROLLCALL_SECRET_KEY: `key-${hex()}${hex()}` };
    try {
      let app = await startApp(kind, { database, env });
      const t = await provisionedTenant(app, "Crashy");
      const endpointId = await addEndpoint(app, receiver, "crash", ["--tenant", t.tenantId]);
      receiver.answer = () => ({ status: 200, delayMs: 1000 }); // slow: requests are in flight
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push(String((await createUser(t)).body.id));
      await receiver.until("some deliveries", () => receiver.receipts.length >= 5);
      const killedAt = Date.now();
      await app.kill();
      // Some requests were still waiting for their answer when it died: they must come again.
      // (Answers due while the kill is under way may still go out to a socket not yet seen closed.)
      const answered = new Set(
        receiver.receipts.filter((r) => r.answeredAt !== null && r.answeredAt < killedAt).map((r) => r.id),
      );
      expect(answered.size).toBeLessThan(40);
      receiver.answer = () => ({ status: 200 });
      app = await startApp(kind, { database, env });
      const arrived = () => ids.filter((id) => receiver.receipts.some((r) => hasUser(r.json.data, id)));
      await receiver
        .until("every user after the restart", () => arrived().length === 40, 60_000)
        .catch(async (error: unknown) => {
          const rows = await queryRows(
            database,
            `SELECT state, attempts, "nextAt" FROM "WebhookDelivery" WHERE "endpointId" = ?`,
            [endpointId],
          );
          throw new Error(
            `${String(error)}: ${arrived().length} arrived; ${JSON.stringify(rows)}\n${app.logs()}`,
          );
        });
      expect(receiver.receipts.every((r) => r.verifiedWith.includes("current"))).toBe(true);
      const states = await waitFor(
        "every delivery recorded",
        () =>
          queryRows<{ state: string; n: number }>(
            database,
            `SELECT state, COUNT(*) AS n FROM "WebhookDelivery" WHERE "endpointId" = ? GROUP BY state`,
            [endpointId],
          ),
        (s) => s.length === 1 && s[0]!.state === "delivered",
      );
      expect(Number(states[0]!.n)).toBe(40);
      await app.stop();
    } finally {
      await receiver.stop();
      await database.drop();
    }
  }, 120_000);
});
