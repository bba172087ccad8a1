/**
 * Webhook endpoints (scope webhooks:write, reads included: an endpoint's URL and delivery log are
 * the operator's configuration): create (the signing secret is returned once), list, read, change
 * (URL, filters, enabled), delete, rotate the secret, test send, replay, and the delivery log.
 */
import { z } from "zod";
import { parseEventCursor } from "@/lib/events/public";
import { EVENT_TYPES, type EventType } from "@/lib/events/types";
import { addEndpoint, removeEndpoint, rotateSecret, updateEndpoint } from "@/lib/webhooks/endpoints";
import { replay, sendTest, type ReplaySelection } from "@/lib/webhooks/replay";
import { attemptsPage, endpointsPage, endpointView } from "@/lib/webhooks/status";
import { cursorParam, limitParam, pageOf } from "../paging";
import { defineRoute } from "../route";
import {
  webhookAttemptPageSchema,
  webhookEndpointCreatedSchema,
  webhookEndpointPageSchema,
  webhookEndpointSchema,
  webhookReplaySchema,
  webhookSecretSchema,
  webhookTestSchema,
} from "../webhook-schemas";
import { id, ID_PATTERN, idPageQuery, pageById } from "./params";

const endpointParams = z.strictObject({ endpointId: id("webhook endpoint") });

const eventType = z.enum(Object.keys(EVENT_TYPES) as [EventType, ...EventType[]]);

const url = z
  .string()
  .min(1)
  .max(2048)
  .describe(
    "Where to POST the events: https:// (or http://), a public address (refused otherwise unless the operator set WEBHOOK_ALLOW_PRIVATE=1), no user name or password",
  );
const eventTypes = z
  .array(eventType)
  .min(1)
  .max(100)
  .nullable()
  .describe("Only events of these types; null or absent: every type");
const tenantId = id("tenant")
  .nullable()
  .describe("Only this tenant's events; null or absent: every tenant's");
const description = z.string().max(500).describe("A note for the operator");

const eventIdParam = (what: string) =>
  z
    .string()
    .max(40)
    .refine((v) => (parseEventCursor(v) ?? 0) > 0, "must be an event id (evt_ + 16 digits)")
    .describe(what);

const time = (what: string) => z.iso.datetime({ offset: true }).describe(what);

const TAG = "Webhooks";

export const listWebhookEndpoints = defineRoute({
  method: "GET",
  path: "/webhooks",
  scope: "webhooks:write",
  tag: TAG,
  summary: "Webhook endpoints with their health",
  query: idPageQuery,
  response: { status: 200, schema: webhookEndpointPageSchema, description: "A page of endpoints" },
  async handler({ query }) {
    return pageById(query, endpointsPage, (e) => e.id);
  },
});

export const createWebhookEndpoint = defineRoute({
  method: "POST",
  path: "/webhooks",
  scope: "webhooks:write",
  tag: TAG,
  summary: "Add a webhook endpoint",
  description:
    "It receives the events committed from now on that its filters allow (older ones: replay), signed as Standard Webhooks with the secret returned here once.",
  body: z.strictObject({
    url,
    eventTypes: eventTypes.optional(),
    tenantId: tenantId.optional(),
    description: description.optional(),
  }),
  response: {
    status: 201,
    schema: webhookEndpointCreatedSchema,
    description: "The endpoint and its signing secret",
    location: (body) => `/api/v1/webhooks/${body.endpoint.id}`,
  },
  async handler({ body }) {
    const { endpointId, secret } = await addEndpoint({
      url: body.url,
      eventTypes: body.eventTypes ?? undefined,
      tenantId: body.tenantId ?? undefined,
      description: body.description,
    });
    return { endpoint: await endpointView(endpointId), secret };
  },
});

export const getWebhookEndpoint = defineRoute({
  method: "GET",
  path: "/webhooks/{endpointId}",
  scope: "webhooks:write",
  tag: TAG,
  summary: "One webhook endpoint with its health",
  params: endpointParams,
  response: { status: 200, schema: webhookEndpointSchema, description: "The endpoint" },
  problems: ["not-found"],
  async handler({ params }) {
    return endpointView(params.endpointId);
  },
});

export const updateWebhookEndpoint = defineRoute({
  method: "PATCH",
  path: "/webhooks/{endpointId}",
  scope: "webhooks:write",
  tag: TAG,
  summary: "Change a webhook endpoint: URL, filters, description, enabled",
  description:
    "Disabled, an endpoint receives nothing and its deliveries wait; enabled again (also after it was disabled for failing), they are due at once and the events committed meanwhile follow.",
  params: endpointParams,
  body: z.strictObject({
    url: url.optional(),
    eventTypes: eventTypes.optional(),
    tenantId: tenantId.optional(),
    description: description.optional(),
    enabled: z.boolean().optional(),
  }),
  response: { status: 200, schema: webhookEndpointSchema, description: "The endpoint" },
  problems: ["not-found"],
  async handler({ params, body }) {
    await updateEndpoint(params.endpointId, body);
    return endpointView(params.endpointId);
  },
});

export const deleteWebhookEndpoint = defineRoute({
  method: "DELETE",
  path: "/webhooks/{endpointId}",
  scope: "webhooks:write",
  tag: TAG,
  summary: "Remove a webhook endpoint with its deliveries and their log",
  params: endpointParams,
  response: { status: 204, description: "Removed" },
  problems: ["not-found"],
  async handler({ params }) {
    await removeEndpoint(params.endpointId);
  },
});

export const rotateWebhookSecret = defineRoute({
  method: "POST",
  path: "/webhooks/{endpointId}/rotate-secret",
  scope: "webhooks:write",
  tag: TAG,
  summary: "Rotate the signing secret",
  description:
    "Returns the new secret once. For 24 hours every webhook carries two signatures, with the new and the previous secret, so the receiver can switch at any moment within that day.",
  params: endpointParams,
  response: { status: 200, schema: webhookSecretSchema, description: "The new secret" },
  problems: ["not-found", "conflict"],
  async handler({ params }) {
    return rotateSecret(params.endpointId);
  },
});

export const testWebhookEndpoint = defineRoute({
  method: "POST",
  path: "/webhooks/{endpointId}/test",
  scope: "webhooks:write",
  tag: TAG,
  summary: "Send a webhook.test event now and report the answer",
  description:
    "Signed like every webhook; not an event of the log (not in the events API, not replayable), never retried, recorded in the delivery log.",
  params: endpointParams,
  response: { status: 200, schema: webhookTestSchema, description: "How the endpoint answered" },
  problems: ["not-found", "conflict"],
  async handler({ params }) {
    const { webhookId, delivered, outcome, statusCode, latencyMs, excerpt } = await sendTest(
      params.endpointId,
    );
    return { webhookId, delivered, outcome, statusCode, latencyMs, excerpt };
  },
});

export const replayWebhookEvents = defineRoute({
  method: "POST",
  path: "/webhooks/{endpointId}/replay",
  scope: "webhooks:write",
  tag: TAG,
  summary: "Deliver one event, or a range, to the endpoint again",
  description:
    "One of `eventId`, `since` (with `until`) or `fromEventId` (with `toEventId`). The events its filters allow are delivered again, with their own ids as webhook-id (a consumer that deduplicates by id skips what it has).",
  params: endpointParams,
  body: z
    .strictObject({
      eventId: eventIdParam("One event").optional(),
      since: time("Events created at or after this time").optional(),
      until: time("…and before this time (with since)").optional(),
      fromEventId: eventIdParam("Events from this one on").optional(),
      toEventId: eventIdParam("…up to this one, included (with fromEventId)").optional(),
    })
    .superRefine((body, ctx) => {
      const given = [body.eventId, body.since, body.fromEventId].filter((v) => v !== undefined).length;
      if (given !== 1) {
        ctx.addIssue({
          code: "custom",
          message: "give exactly one of eventId, since and fromEventId",
          path: [],
        });
      }
      if (body.until !== undefined && body.since === undefined) {
        ctx.addIssue({ code: "custom", message: "only with since", path: ["until"] });
      }
      if (body.toEventId !== undefined && body.fromEventId === undefined) {
        ctx.addIssue({ code: "custom", message: "only with fromEventId", path: ["toEventId"] });
      }
    }),
  response: { status: 200, schema: webhookReplaySchema, description: "The replay, queued" },
  problems: ["not-found", "conflict"],
  async handler({ params, body }) {
    let selection: ReplaySelection;
    if (body.eventId !== undefined) selection = { eventId: body.eventId };
    else if (body.since !== undefined) {
      selection = { since: new Date(body.since), until: body.until ? new Date(body.until) : undefined };
    } else selection = { fromEventId: body.fromEventId!, toEventId: body.toEventId };
    return { endpointId: params.endpointId, ...(await replay(params.endpointId, selection)) };
  },
});

export const listWebhookAttempts = defineRoute({
  method: "GET",
  path: "/webhooks/{endpointId}/attempts",
  scope: "webhooks:write",
  tag: TAG,
  summary: "The endpoint's delivery log: every attempt, newest first",
  params: endpointParams,
  query: z.strictObject({
    cursor: cursorParam(2, ([at, key]) => !Number.isNaN(Date.parse(at!)) && ID_PATTERN.test(key!)),
    limit: limitParam(),
    event: eventIdParam("Only the attempts to deliver this event").optional(),
  }),
  response: { status: 200, schema: webhookAttemptPageSchema, description: "A page of attempts" },
  problems: ["not-found"],
  async handler({ params, query }) {
    const rows = await attemptsPage(params.endpointId, {
      before: query.cursor ? [query.cursor[0]!, query.cursor[1]!] : undefined,
      limit: query.limit + 1,
      eventSeq: query.event === undefined ? undefined : (parseEventCursor(query.event) ?? undefined),
    });
    const page = pageOf(rows, query.limit, (a) => [a.at, a.id]);
    return { data: [...page.rows], next: page.next };
  },
});
