/**
 * The named schemas of the webhook management API (components of the OpenAPI document, like those
 * of ./schemas.ts): endpoints with their health, a secret shown once, a test send's outcome, a
 * replay, the delivery log.
 */
import { z } from "zod";
import { pageSchema } from "./paging";
import { named } from "./schemas";

const time = z.iso.datetime();

const OUTCOMES =
  "delivered (2xx), redirect (3xx, not followed), client_error (4xx), server_error (5xx and other statuses), timeout, tls, dns, connection, refused_address (not a public address), error";

const outcome = z.string().describe(`How the attempt ended: ${OUTCOMES}`);

export const webhookEndpointSchema = named(
  "WebhookEndpoint",
  z
    .object({
      id: z.string(),
      url: z.string(),
      description: z.string(),
      eventTypes: z.array(z.string()).nullable().describe("The event types it receives; null: every type"),
      tenantId: z.string().nullable().describe("The one tenant whose events it receives; null: every tenant"),
      enabled: z.boolean(),
      disabledAt: time.nullable(),
      disabledReason: z
        .enum(["operator", "failing"])
        .nullable()
        .describe(
          "operator: disabled on request; failing: every attempt failed for the whole retry window (a webhook_endpoint.disabled event was recorded)",
        ),
      failingSince: time.nullable().describe("Every attempt has failed since then (null after a success)"),
      lastSuccessAt: time.nullable(),
      previousSecretValidUntil: time
        .nullable()
        .describe("After a rotation: until when the previous secret signs too (both signatures are sent)"),
      createdAt: time,
      updatedAt: time,
      deliveries: z
        .object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() })
        .describe("Deliveries of events and replays by state (test sends are not counted)"),
      lastAttempt: z
        .object({
          at: time,
          outcome,
          statusCode: z.number().int().nullable(),
          latencyMs: z.number().int(),
          excerpt: z.string(),
        })
        .nullable(),
    })
    .describe("A webhook endpoint and its health; never its secret"),
);

export const webhookEndpointPageSchema = named(
  "WebhookEndpointPage",
  pageSchema(webhookEndpointSchema, "Webhook endpoints, in the order they were added"),
);

export const webhookEndpointCreatedSchema = named(
  "WebhookEndpointCreated",
  z
    .object({
      endpoint: webhookEndpointSchema,
      secret: z
        .string()
        .describe(
          "The signing secret (whsec_…), shown this once: give it to the receiver to verify signatures",
        ),
    })
    .describe("A new endpoint and its signing secret"),
);

export const webhookSecretSchema = named(
  "WebhookSecret",
  z
    .object({
      endpointId: z.string(),
      secret: z.string().describe("The new signing secret (whsec_…), shown this once"),
      previousSecretValidUntil: time.describe("The previous secret signs too until then (24 hours)"),
    })
    .describe("A rotated signing secret"),
);

export const webhookTestSchema = named(
  "WebhookTestResult",
  z
    .object({
      webhookId: z.string().describe("The webhook-id sent (evt_test_…)"),
      delivered: z.boolean().describe("The endpoint answered 2xx"),
      outcome,
      statusCode: z.number().int().nullable(),
      latencyMs: z.number().int(),
      excerpt: z.string().describe("The start of the answer, or the error (control characters escaped)"),
    })
    .describe("How the endpoint answered a test send"),
);

export const webhookReplaySchema = named(
  "WebhookReplay",
  z
    .object({
      endpointId: z.string(),
      deliveries: z.number().int().describe("How many events will be delivered again"),
    })
    .describe("A replay, queued"),
);

export const webhookAttemptSchema = named(
  "WebhookAttempt",
  z
    .object({
      id: z.string(),
      at: time,
      webhookId: z.string().nullable().describe("The webhook-id sent: the event's id, or a test send's"),
      eventType: z
        .string()
        .nullable()
        .describe("The event's type (webhook.test for a test send); null once the event is no longer kept"),
      kind: z.enum(["event", "replay", "test"]),
      attempt: z.number().int().describe("1 for the first attempt of the delivery"),
      outcome,
      statusCode: z.number().int().nullable(),
      latencyMs: z.number().int(),
      excerpt: z.string().describe("The start of the answer, or the error (at most 200 characters)"),
      deliveryState: z.enum(["pending", "delivered", "failed"]).describe("The delivery's state now"),
    })
    .describe("One attempt to deliver a webhook"),
);

export const webhookAttemptPageSchema = named(
  "WebhookAttemptPage",
  pageSchema(webhookAttemptSchema, "Delivery attempts, newest first"),
);
