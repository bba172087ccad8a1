/**
 * The webhook management API on every database: endpoints created (secret once, Location), read,
 * listed with cursors, changed and disabled, rotated, test-sent, replayed and deleted, each answer
 * conforming to its OpenAPI schema; the delivery log paged newest first; every refusal a problem
 * document naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  webhookAttemptPageSchema,
  webhookEndpointCreatedSchema,
  webhookEndpointPageSchema,
  webhookEndpointSchema,
  webhookSecretSchema,
  webhookTestSchema,
} from "@/lib/api/webhook-schemas";
import { api, apiKey, conforms, expectProblem, type ApiReply } from "../support/api";
import { provisionedTenant, startApp, testDatabases, type App } from "../support/app";
import { call, hex, USER, type Json } from "../support/scim-client";
import { Receiver } from "../support/webhook-receiver";

describe.each(testDatabases())("webhook management API on %s", (kind) => {
  const receiver = new Receiver();
  let app: App;
  let key: string;
  let t: Awaited<ReturnType<typeof provisionedTenant>>;
  beforeAll(async () => {
    await receiver.start();
    app = await startApp(kind, {
      env: { WEBHOOK_ALLOW_PRIVATE: "1", WEBHOOK_RETRY_BASE_MS: "200", WEBHOOK_RETRY_MAX_MS: "1000" },
    });
    t = await provisionedTenant(app, "Managed");
    key = (await apiKey(app, "webhooks:write")).key;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await receiver.stop();
  });

  const create = (body: unknown) => api(app, key, "POST", "/webhooks", body);
  const waitFor = async (what: string, done: () => Promise<boolean>) => {
    const deadline = Date.now() + 30_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("creates an endpoint with its secret shown once, and manages it", async () => {
    const created = await create({
      url: `${receiver.url}/api`,
      eventTypes: ["user.created"],
      tenantId: t.tenantId,
      description: "the app",
    });
    expect(created.status, created.text).toBe(201);
    const { endpoint, secret } = conforms(webhookEndpointCreatedSchema, created.body);
    expect(secret).toMatch(/^whsec_/);
    expect(created.headers.get("location")).toBe(`/api/v1/webhooks/${endpoint.id}`);
    expect(endpoint).toMatchObject({
      url: `${receiver.url}/api`,
      eventTypes: ["user.created"],
      tenantId: t.tenantId,
      enabled: true,
      deliveries: { pending: 0, delivered: 0, failed: 0 },
      lastAttempt: null,
    });
    receiver.addSecret("/api", "first", secret);

    // Read and listed: never the secret.
    const read = await api(app, key, "GET", `/webhooks/${endpoint.id}`);
    expect(conforms(webhookEndpointSchema, read.body).id).toBe(endpoint.id);
    expect(read.text).not.toContain("whsec_");
    const second = conforms(
      webhookEndpointCreatedSchema,
      (await create({ url: `${receiver.url}/other` })).body,
    );
    const first = await api(app, key, "GET", "/webhooks?limit=1");
    const page1 = conforms(webhookEndpointPageSchema, first.body);
    expect(page1.data.map((e) => e.id)).toEqual([endpoint.id]);
    const page2 = conforms(
      webhookEndpointPageSchema,
      (await api(app, key, "GET", `/webhooks?limit=1&cursor=${page1.next!}`)).body,
    );
    expect(page2.data.map((e) => e.id)).toEqual([second.endpoint.id]);
    expect(page2.next).toBeNull();
    expect(JSON.stringify(page1) + JSON.stringify(page2)).not.toContain("whsec_");

    // A user: delivered, signed with the secret.
    const user = String(
      (await call(t, "POST", "/Users", { schemas: [USER], userName: `a.${hex()}@c.com` })).body.id,
    );
    await receiver.until("the user", () => receiver.on("/api").some((r) => hasUser(r.json.data, user)));
    expect(receiver.on("/api")[0]!.verifiedWith).toEqual(["first"]);

    // Test send: answered by the receiver, signed.
    const test = await api(app, key, "POST", `/webhooks/${endpoint.id}/test`);
    expect(conforms(webhookTestSchema, test.body)).toMatchObject({
      delivered: true,
      outcome: "delivered",
      statusCode: 200,
    });
    const sent = receiver.on("/api").find((r) => r.id === test.body.webhookId)!;
    expect(sent.json.type).toBe("webhook.test");
    expect(sent.verifiedWith).toEqual(["first"]);

    // Rotation: both secrets sign for the overlap.
    const rotated = conforms(
      webhookSecretSchema,
      (await api(app, key, "POST", `/webhooks/${endpoint.id}/rotate-secret`)).body,
    );
    expect(rotated.secret).not.toBe(secret);
    receiver.addSecret("/api", "second", rotated.secret);
    const retest = await api(app, key, "POST", `/webhooks/${endpoint.id}/test`);
    const resent = receiver.on("/api").find((r) => r.id === retest.body.webhookId)!;
    expect(resent.verifiedWith.sort()).toEqual(["first", "second"]);

    // Replay the user's event: the same id again.
    const original = receiver.on("/api").find((r) => hasUser(r.json.data, user))!;
    const replayed = await api(app, key, "POST", `/webhooks/${endpoint.id}/replay`, { eventId: original.id });
    expect(replayed.body).toEqual({ endpointId: endpoint.id, deliveries: 1 });
    await receiver.until(
      "the replay",
      () => receiver.on("/api").filter((r) => r.id === original.id).length === 2,
    );

    // The delivery log, newest first, paged; one event's attempts.
    await waitFor("three attempts recorded", async () => {
      const log = await api(app, key, "GET", `/webhooks/${endpoint.id}/attempts?limit=1000`);
      return (log.body.data as Json[]).filter((a) => a.kind !== "test").length >= 2;
    });
    const log = conforms(
      webhookAttemptPageSchema,
      (await api(app, key, "GET", `/webhooks/${endpoint.id}/attempts?limit=2`)).body,
    );
    expect(log.data).toHaveLength(2);
    const rest = conforms(
      webhookAttemptPageSchema,
      (await api(app, key, "GET", `/webhooks/${endpoint.id}/attempts?limit=100&cursor=${log.next!}`)).body,
    );
    const all = [...log.data, ...rest.data];
    expect(all.map((a) => a.at)).toEqual([...all.map((a) => a.at)].sort().reverse());
    expect(all.filter((a) => a.kind === "test")).toHaveLength(2);
    const ofEvent = await api(app, key, "GET", `/webhooks/${endpoint.id}/attempts?event=${original.id}`);
    expect((ofEvent.body.data as Json[]).map((a) => [a.webhookId, a.eventType, a.kind, a.outcome])).toEqual([
      [original.id, original.json.type, "replay", "delivered"],
      [original.id, original.json.type, "event", "delivered"],
    ]);
    expect(all.filter((a) => a.kind === "test").map((a) => a.eventType)).toEqual([
      "webhook.test",
      "webhook.test",
    ]);

    // Changed: every type, then disabled by the operator.
    const changed = await api(app, key, "PATCH", `/webhooks/${endpoint.id}`, {
      eventTypes: null,
      description: "all",
    });
    expect(conforms(webhookEndpointSchema, changed.body)).toMatchObject({
      eventTypes: null,
      description: "all",
    });
    const disabled = await api(app, key, "PATCH", `/webhooks/${endpoint.id}`, { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: "operator" });
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    const enabled = await api(app, key, "PATCH", `/webhooks/${endpoint.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });

    // Deleted: gone, with its log.
    expect((await api(app, key, "DELETE", `/webhooks/${endpoint.id}`)).status).toBe(204);
    expectProblem(await api(app, key, "GET", `/webhooks/${endpoint.id}`), 404, "not-found");
    expectProblem(await api(app, key, "GET", `/webhooks/${endpoint.id}/attempts`), 404, "not-found");
    expect((await api(app, key, "DELETE", `/webhooks/${second.endpoint.id}`)).status).toBe(204);
  }, 180_000);

  it("refuses what it cannot do with problem details naming the field", async () => {
    const missing = "01a22d40-0000-7000-8000-000000000000";
    const cases: [string, string, unknown, number, string?][] = [
      ["POST", "/webhooks", {}, 422, "#/url"],
      ["POST", "/webhooks", { url: "ftp://example.com/" }, 422, "#/url"],
      ["POST", "/webhooks", { url: "https://user:pw@example.com/" }, 422, "#/url"],
      [
        "POST",
        "/webhooks",
        { url: `${receiver.url}/x`, eventTypes: ["user.exploded"] },
        422,
        "#/eventTypes/0",
      ],
      ["POST", "/webhooks", { url: `${receiver.url}/x`, eventTypes: [] }, 422, "#/eventTypes"],
      ["POST", "/webhooks", { url: `${receiver.url}/x`, tenantId: "no-such-tenant" }, 422, "#/tenantId"],
      ["POST", "/webhooks", { url: `${receiver.url}/x`, secret: "whsec_mine" }, 422, "#/secret"],
      ["GET", `/webhooks/${missing}`, undefined, 404],
      ["PATCH", `/webhooks/${missing}`, { enabled: false }, 404],
      ["POST", `/webhooks/${missing}/test`, undefined, 404],
      ["POST", `/webhooks/${missing}/rotate-secret`, undefined, 404],
      ["DELETE", `/webhooks/${missing}`, undefined, 404],
      ["GET", "/webhooks?cursor=nope", undefined, 422],
      ["GET", `/webhooks/${missing}/attempts?event=evt_x`, undefined, 422],
    ];
    for (const [method, path, body, status, pointer] of cases) {
      const reply: ApiReply = await api(app, key, method, path, body);
      expectProblem(reply, status);
      if (pointer)
        expect(reply.body.errors, `${method} ${path}`).toEqual([expect.objectContaining({ pointer })]);
    }
    const { endpoint } = conforms(
      webhookEndpointCreatedSchema,
      (await create({ url: `${receiver.url}/r` })).body,
    );
    for (const body of [
      {},
      { eventId: "evt_0000000000000001", since: "2026-01-01T00:00:00Z" },
      { until: "2026-01-01T00:00:00Z" },
    ]) {
      expectProblem(await api(app, key, "POST", `/webhooks/${endpoint.id}/replay`, body), 422, "validation");
    }
    expectProblem(
      await api(app, key, "POST", `/webhooks/${endpoint.id}/replay`, { eventId: "evt_0000009999999999" }),
      404,
      "not-found",
    );
    await api(app, key, "PATCH", `/webhooks/${endpoint.id}`, { enabled: false });
    expectProblem(
      await api(app, key, "POST", `/webhooks/${endpoint.id}/replay`, { since: "2000-01-01T00:00:00Z" }),
      409,
      "conflict",
    );
    expect(app.logs()).not.toMatch(/api: unexpected error/);
  }, 120_000);
});

function hasUser(data: unknown, id: string): boolean {
  return (data as { user?: { id?: string } } | null)?.user?.id === id;
}
