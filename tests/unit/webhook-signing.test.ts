/**
 * What a webhook carries and how its secret is kept: Standard Webhooks secrets, stored only
 * encrypted (and bound to their endpoint), signatures the `standardwebhooks` package verifies —
 * both of them during a rotation — and the body: the event exactly as the events API returns it.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Webhook } from "standardwebhooks";
import { eventId, eventJson, eventOf, parseEventCursor } from "@/lib/events/public";
import { webhookHeaders } from "@/lib/webhooks/message";

vi.mock("@/lib/config", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/config")>()),
  secretKeyMaterial: () => keys.material,
}));
import {
  decryptSecret,
  encryptSecret,
  generateSecret,
  isWebhookSecret,
  SecretUnreadable,
} from "@/lib/webhooks/secrets";

// ROLLCALL_SECRET_KEY, as these tests set it (the environment is read once per process).
const keys = vi.hoisted(() => ({ material: "" }));

describe("webhook signing secrets", () => {
  beforeEach(() => {
    keys.material = "unit-test key material";
  });

  it("are whsec_ and base64 of 32 random bytes, never repeated", () => {
    const secrets = Array.from({ length: 200 }, generateSecret);
    expect(new Set(secrets).size).toBe(200);
    for (const s of secrets) {
      expect(isWebhookSecret(s)).toBe(true);
      expect(Buffer.from(s.slice("whsec_".length), "base64")).toHaveLength(32);
    }
    expect(isWebhookSecret("whsec_c2hvcnQ=")).toBe(false);
    expect(isWebhookSecret("sk_" + "A".repeat(40))).toBe(false);
  });

  it("are stored encrypted: nothing of the secret in the stored text, and it reads back", () => {
    const secret = generateSecret();
    const stored = encryptSecret(secret, "endpoint-1");
    expect(stored).not.toContain(secret.slice(6, 20));
    expect(stored).not.toContain(Buffer.from(secret).toString("base64url").slice(0, 12));
    expect(encryptSecret(secret, "endpoint-1")).not.toBe(stored); // a fresh IV each time
    expect(decryptSecret(stored, "endpoint-1")).toBe(secret);
  });

  it("do not read back for another endpoint, when altered, or under another key", () => {
    const stored = encryptSecret(generateSecret(), "endpoint-1");
    expect(() => decryptSecret(stored, "endpoint-2")).toThrow(SecretUnreadable);
    const [format, keyId, payload] = stored.split(".");
    const bytes = Buffer.from(payload!, "base64url");
    bytes[20] = bytes[20]! ^ 1;
    expect(() => decryptSecret([format, keyId, bytes.toString("base64url")].join("."), "endpoint-1")).toThrow(
      SecretUnreadable,
    );
    keys.material = "another key";
    expect(() => decryptSecret(stored, "endpoint-1")).toThrow(/another ROLLCALL_SECRET_KEY/);
  });
});

describe("webhook messages", () => {
  const event = {
    seq: 42,
    type: "user.created",
    tenantId: "tenant-1",
    idpId: "idp-1",
    at: new Date("2026-11-30T12:00:00.000Z"),
    data: '{"user":{"id":"u1","userName":"alex@contoso.com"}}',
  };

  it("name each event by its commit-order number, in ids that sort", () => {
    expect(eventId(42)).toBe("evt_0000000000000042");
    expect(parseEventCursor("evt_0000000000000042")).toBe(42);
    expect(eventId(9) < eventId(10)).toBe(true);
    expect(parseEventCursor("evt_x42")).toBeNull();
  });

  it("carry the event as the events API returns it: {id, seq, type, tenantId, idpId, createdAt, data}", () => {
    expect(eventJson(event)).toBe(JSON.stringify(eventOf(event)));
    expect(JSON.parse(eventJson(event))).toEqual({
      id: "evt_0000000000000042",
      seq: 42,
      type: "user.created",
      tenantId: "tenant-1",
      idpId: "idp-1",
      createdAt: "2026-11-30T12:00:00.000Z",
      data: { user: { id: "u1", userName: "alex@contoso.com" } },
    });
    // An operator event (a webhook endpoint of every tenant disabled) has no tenant.
    expect(JSON.parse(eventJson({ ...event, tenantId: "" })).tenantId).toBeNull();
  });

  it("are signed so that the standardwebhooks package verifies them, with each secret in use", () => {
    const current = generateSecret();
    const previous = generateSecret();
    const body = eventJson(event);
    const headers = webhookHeaders(eventId(42), body, [current, previous]);
    expect(headers["webhook-id"]).toBe("evt_0000000000000042");
    expect(headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=* v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(current).verify(body.replace("alex", "eve"), headers)).toThrow();
  });
});
