"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { forConsole, runAction, type ActionState } from "@/lib/action-state";
import { ID_PATTERN } from "@/lib/api/routes/params";
import { parseInput } from "@/lib/errors";
import { EVENT_TYPES, type EventType } from "@/lib/events/types";
import { requireOperator } from "@/lib/operators/current";
import { addEndpoint, removeEndpoint, rotateSecret, setEndpointEnabled } from "@/lib/webhooks/endpoints";
import { replay, sendTest, type ReplaySelection } from "@/lib/webhooks/replay";

const LIST = "/operator/webhooks";
const pageOf = (endpointId: string) => `${LIST}/${endpointId}`;

const endpointIdSchema = z.string().regex(ID_PATTERN, "No such webhook endpoint");

const eventType = z.enum(Object.keys(EVENT_TYPES) as [EventType, ...EventType[]], {
  error: "Choose event types from the list",
});

const endpointSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Enter the URL to send the events to")
    .max(2048, "Use at most 2048 characters"),
  description: z.string().trim().max(500, "Use at most 500 characters"),
  tenantId: z
    .string()
    .trim()
    .max(100, "Not a tenant id")
    .regex(/^[\x21-\x7e]*$/, "Not a tenant id"),
  eventTypes: z.array(eventType).max(Object.keys(EVENT_TYPES).length),
});

/** The add form's fields as the browser sends them; checked here (endpointSchema). */
export type EndpointFormInput = { url: string; description: string; tenantId: string; eventTypes: string[] };

/** Adds an endpoint; its signing secret is in the answer this once. */
export async function addWebhookEndpointAction(
  input: EndpointFormInput,
): Promise<ActionState<{ endpointId: string; secret: string }>> {
  await requireOperator();
  const outcome = await runAction(async () => {
    const parsed = parseInput(endpointSchema, input);
    const created = await addEndpoint({
      url: parsed.url,
      description: parsed.description,
      tenantId: parsed.tenantId || undefined,
      eventTypes: parsed.eventTypes.length > 0 ? parsed.eventTypes : undefined,
    });
    revalidatePath(LIST);
    return created;
  });
  return forConsole(outcome, ["endpoint"]);
}

/** Runs `work` on the endpoint named by `endpointId` (checked first), then refreshes its pages. */
async function onEndpoint<T>(endpointId: unknown, work: (id: string) => Promise<T>): Promise<ActionState<T>> {
  await requireOperator();
  const outcome = await runAction(async () => {
    const id = parseInput(z.object({ endpoint: endpointIdSchema }), { endpoint: endpointId }).endpoint;
    const result = await work(id);
    revalidatePath(LIST);
    revalidatePath(pageOf(id));
    return result;
  });
  return forConsole(outcome, ["endpoint"]);
}

export async function setWebhookEnabledAction(endpointId: string, enabled: boolean): Promise<ActionState> {
  return onEndpoint(endpointId, (id) => setEndpointEnabled(id, parseInput(z.boolean(), enabled)));
}

/** A new signing secret, in the answer this once; the previous one signs too for 24 hours. */
export async function rotateWebhookSecretAction(
  endpointId: string,
): Promise<ActionState<{ secret: string; previousSecretValidUntil: string }>> {
  return onEndpoint(endpointId, async (id) => {
    const { secret, previousSecretValidUntil } = await rotateSecret(id);
    return { secret, previousSecretValidUntil };
  });
}

export type TestOutcome = {
  delivered: boolean;
  outcome: string;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string;
};

/** Posts a webhook.test event to the endpoint now and answers how it went. */
export async function sendWebhookTestAction(endpointId: string): Promise<ActionState<TestOutcome>> {
  return onEndpoint(endpointId, async (id) => {
    const { delivered, outcome, statusCode, latencyMs, excerpt } = await sendTest(id);
    return { delivered, outcome, statusCode, latencyMs, excerpt };
  });
}

export async function removeWebhookEndpointAction(endpointId: string): Promise<ActionState> {
  return onEndpoint(endpointId, async (id) => {
    await removeEndpoint(id);
  });
}

const eventIdField = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^evt_\d{16}$/, message);

const optionalEventId = z
  .string()
  .trim()
  .regex(/^(evt_\d{16})?$/, "An event id: evt_ and 16 digits");

/** A time as the form's datetime-local field gives it, read as UTC (as the console shows times). */
const utcTime = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, message)
    .transform((value) => new Date(`${value}Z`))
    .refine((date) => !Number.isNaN(date.getTime()), message);

const replaySchema = z.discriminatedUnion(
  "mode",
  [
    z.object({ mode: z.literal("event"), eventId: eventIdField("Enter an event id: evt_ and 16 digits") }),
    z.object({
      mode: z.literal("ids"),
      fromEventId: eventIdField("Enter the first event id: evt_ and 16 digits"),
      toEventId: optionalEventId,
    }),
    z
      .object({
        mode: z.literal("time"),
        since: utcTime("Enter the start of the range"),
        until: z.union([z.literal(""), utcTime("Enter a time, or leave it empty")]),
      })
      .refine((v) => v.until === "" || v.until > v.since, {
        message: "The end comes after the start",
        path: ["until"],
      }),
  ],
  { error: "Choose what to replay" },
);

export type ReplayFormInput = z.input<typeof replaySchema>;

/** Delivers one event, or a range of them, to the endpoint again; answers how many deliveries. */
export async function replayWebhookAction(
  endpointId: string,
  input: ReplayFormInput,
): Promise<ActionState<{ deliveries: number }>> {
  return onEndpoint(endpointId, (id) => {
    const parsed = parseInput(replaySchema, input);
    let selection: ReplaySelection;
    if (parsed.mode === "event") selection = { eventId: parsed.eventId };
    else if (parsed.mode === "ids")
      selection = { fromEventId: parsed.fromEventId, toEventId: parsed.toEventId || undefined };
    else selection = { since: parsed.since, until: parsed.until || undefined };
    return replay(id, selection);
  });
}
