/**
 * The operator CLI's webhook commands (`npm run rollcall -- webhook …`, `events prune`): a contract
 * other tools rely on; with --json each prints one JSON object.
 */
import { parseArgs } from "node:util";
import { option } from "./options";
import { AppError } from "@/lib/errors";
import { parseEventCursor } from "@/lib/events/public";
import {
  addEndpoint,
  removeEndpoint,
  rotateSecret,
  setEndpointEnabled,
  updateEndpoint,
} from "@/lib/webhooks/endpoints";
import { replay, sendTest, type ReplaySelection } from "@/lib/webhooks/replay";
import { pruneExpired } from "@/lib/webhooks/retention";
import { attemptsPage, endpointsPage, endpointView, type EndpointView } from "@/lib/webhooks/status";

export const WEBHOOK_USAGE = `  webhook add --url <url> [--types user.created,…] [--tenant <tenantId>] [--description <text>] [--json]
          a webhook endpoint for the events committed from now on; prints its signing secret once
  webhook list [--endpoint <endpointId>] [--json]   endpoints with their state and deliveries
  webhook update --endpoint <endpointId> [--url <url>] [--types <type,…> | --all-types]
          [--tenant <tenantId> | --all-tenants] [--description <text>] [--json]
  webhook remove --endpoint <endpointId> [--json]
  webhook enable|disable --endpoint <endpointId> [--json]
  webhook rotate-secret --endpoint <endpointId> [--json]   a new secret; the old one signs too for 24 h
  webhook replay --endpoint <endpointId> (--event <evt_id> | --since <ISO time> [--until <ISO time>]
          | --from <evt_id> [--to <evt_id>]) [--json]   delivers those events again
  webhook test --endpoint <endpointId> [--json]   posts a webhook.test event now; exit 1 unless 2xx
  webhook attempts --endpoint <endpointId> [--event <evt_id>] [--limit N] [--json]
          the latest delivery attempts, newest first
  events prune [--json]   deletes events and finished deliveries older than EVENTS_RETENTION_DAYS,
          and audit entries older than AUDIT_RETENTION_DAYS
`;

type Output = Record<string, unknown>;

function time(value: string, name: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new AppError(`--${name} must be an ISO 8601 time (2026-11-30T12:00:00Z)`, { field: name });
  }
  return date;
}

const endpointOnly = (args: string[]) =>
  option(
    parseArgs({ args, options: { endpoint: { type: "string" }, json: { type: "boolean" } } }).values,
    "endpoint",
  );

async function add(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string" },
      types: { type: "string" },
      tenant: { type: "string" },
      description: { type: "string" },
      json: { type: "boolean" },
    },
  });
  return addEndpoint({
    url: option(values, "url"),
    eventTypes: values.types === undefined ? undefined : types(values.types),
    tenantId: values.tenant,
    description: values.description,
  });
}

/** An endpoint as the CLI prints it: its id as `endpointId`. */
function printed({ id, ...rest }: EndpointView): Output {
  return { endpointId: id, ...rest };
}

async function list(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: { endpoint: { type: "string" }, json: { type: "boolean" } },
  });
  if (values.endpoint) return { endpoints: [printed(await endpointView(values.endpoint))] };
  const endpoints: EndpointView[] = [];
  for (;;) {
    const page = await endpointsPage(endpoints.at(-1)?.id, 500);
    endpoints.push(...page);
    if (page.length < 500) return { endpoints: endpoints.map(printed) };
  }
}

const types = (text: string) =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

async function update(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      endpoint: { type: "string" },
      url: { type: "string" },
      types: { type: "string" },
      "all-types": { type: "boolean" },
      tenant: { type: "string" },
      "all-tenants": { type: "boolean" },
      description: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const endpointId = option(values, "endpoint");
  if (values.types !== undefined && values["all-types"]) {
    throw new AppError("give --types or --all-types, not both", { field: "types" });
  }
  if (values.tenant !== undefined && values["all-tenants"]) {
    throw new AppError("give --tenant or --all-tenants, not both", { field: "tenant" });
  }
  await updateEndpoint(endpointId, {
    url: values.url,
    eventTypes: values["all-types"] ? null : values.types === undefined ? undefined : types(values.types),
    tenantId: values["all-tenants"] ? null : values.tenant,
    description: values.description,
  });
  return printed(await endpointView(endpointId));
}

async function enable(args: string[], enabled: boolean): Promise<Output> {
  const endpointId = endpointOnly(args);
  await setEndpointEnabled(endpointId, enabled);
  return printed(await endpointView(endpointId));
}

async function replayCommand(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      endpoint: { type: "string" },
      event: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const endpointId = option(values, "endpoint");
  const chosen = [values.event, values.since, values.from].filter((v) => v !== undefined).length;
  if (chosen !== 1) throw new AppError("give one of --event, --since or --from", { field: "event" });
  let selection: ReplaySelection;
  if (values.event) selection = { eventId: values.event };
  else if (values.since) {
    selection = {
      since: time(values.since, "since"),
      until: values.until ? time(values.until, "until") : undefined,
    };
  } else selection = { fromEventId: option(values, "from"), toEventId: values.to };
  return { endpointId, ...(await replay(endpointId, selection)) };
}

async function test(args: string[]): Promise<Output> {
  const result = await sendTest(endpointOnly(args));
  if (!result.delivered) process.exitCode = 1;
  return result;
}

async function attempts(args: string[]): Promise<Output> {
  const { values } = parseArgs({
    args,
    options: {
      endpoint: { type: "string" },
      event: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError("--limit must be a whole number from 1 to 1000", { field: "limit" });
  }
  const eventSeq = values.event === undefined ? undefined : (parseEventCursor(values.event) ?? -1);
  if (eventSeq !== undefined && eventSeq < 1)
    throw new AppError("--event must be an event id (evt_…)", { field: "event" });
  return { attempts: await attemptsPage(option(values, "endpoint"), { limit, eventSeq }) };
}

export const WEBHOOK_COMMANDS: Record<string, (args: string[]) => Promise<Output>> = {
  "webhook add": add,
  "webhook list": list,
  "webhook remove": async (args) => removeEndpoint(endpointOnly(args)),
  "webhook update": update,
  "webhook enable": (args) => enable(args, true),
  "webhook disable": (args) => enable(args, false),
  "webhook rotate-secret": async (args) => rotateSecret(endpointOnly(args)),
  "webhook replay": replayCommand,
  "webhook test": test,
  "webhook attempts": attempts,
  "events prune": async (args) => {
    parseArgs({ args, options: { json: { type: "boolean" } } });
    return pruneExpired();
  },
};
