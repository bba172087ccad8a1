/**
 * The OpenAPI 3.1 document of the application API, generated from the route declarations and
 * their zod schemas (zod's JSON Schema output is JSON Schema 2020-12, OpenAPI 3.1's dialect): the
 * named schemas become components, each route an operation with its parameters, body, success
 * response and the problems it may answer. No hand-written copy exists to drift.
 */
import { z } from "zod";
import { SCOPES } from "@/lib/api-keys/service";
import { PROBLEMS, PROBLEM_CONTENT_TYPE, type ProblemSlug } from "./problem";
import type { Route } from "./route";
import { components } from "./schemas";

type JsonSchema = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;

function withoutMeta(schema: JsonSchema): JsonSchema {
  const rest = { ...schema };
  delete rest.$schema;
  delete rest.$id;
  return rest;
}

function refTo(schema: z.ZodType, what: string): JsonSchema {
  const id = components.get(schema)?.id;
  if (!id) throw new Error(`${what}: its response schema is not registered in lib/api/schemas.ts`);
  return { $ref: REF(id) };
}

/** An input schema (parameters, bodies) inline, as a client sends it. */
function inputSchema(schema: z.ZodType): JsonSchema {
  return withoutMeta(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema);
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const object = inputSchema(schema);
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function problemResponses(route: Route): Record<string, JsonSchema> {
  const slugs = new Set<ProblemSlug>(["internal", ...(route.problems ?? [])]);
  if (route.scope !== null)
    for (const s of ["unauthorized", "forbidden", "rate-limited"] as const) slugs.add(s);
  if (route.params || route.query || route.body) slugs.add("validation");
  if (route.body)
    for (const s of ["bad-request", "payload-too-large", "unsupported-media-type"] as const) slugs.add(s);
  const out: Record<string, JsonSchema> = {};
  for (const slug of slugs) {
    const { status, title, about } = PROBLEMS[slug];
    out[String(status)] = {
      description: `${title}: ${about}`,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: REF("Problem") } } },
    };
  }
  return out;
}

/** `GET /tenants/{tenantId}/users` → getTenantsTenantIdUsers (unique per method and path). */
function operationId(route: Route): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return route.method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

function operation(route: Route): JsonSchema {
  const what = `${route.method} ${route.path}`;
  const response = route.response;
  const success: JsonSchema =
    response.status === 204
      ? { description: response.description }
      : {
          description: response.description,
          content: { "application/json": { schema: refTo(response.schema, what) } },
          ...(response.location ? { headers: { Location: { schema: { type: "string" } } } } : {}),
        };
  return {
    operationId: operationId(route),
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: route.scope === null ? [] : [{ apiKey: [route.scope] }],
    parameters: [...parameters(route.params, "path"), ...parameters(route.query, "query")],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: inputSchema(route.body) } },
          },
        }
      : {}),
    responses: { [String(response.status)]: success, ...problemResponses(route) },
    ...(route.scope ? { "x-required-scope": route.scope } : {}),
  };
}

const DESCRIPTION = `Rollcall's API for the application it serves: the directory events in commit order, the directory (tenants, users, groups), tenant management, and webhook endpoints (the events POSTed to them are described under \`webhooks\`).

**Authentication.** Every operation except this document and the problem types needs an API key (created by the operator: \`npm run rollcall -- api-key create --name <name> --scopes <scopes> --json\`), sent as \`Authorization: Bearer rck_…\`. Each operation names the scope it needs (${SCOPES.join(", ")}).

**Errors** are RFC 9457 problem details (\`application/problem+json\`: type, title, status, detail, instance, and \`errors\` for field problems), for every failure.

**Lists** are paged with cursors: pass a page's \`next\` as \`cursor=\` (events: as \`after=\`).`;

/** What Rollcall POSTs to a webhook endpoint: OpenAPI 3.1's `webhooks`. */
const WEBHOOKS: JsonSchema = {
  event: {
    post: {
      operationId: "receiveEvent",
      tags: ["Webhooks"],
      summary: "An event, POSTed to your webhook endpoint (Standard Webhooks)",
      description:
        'The body is the event exactly as `GET /events` returns it. Verify the signature with a Standard Webhooks library (e.g. the `standardwebhooks` npm package) and the endpoint\'s `whsec_` secret before trusting it. Delivery is at least once and not in order: deduplicate by `webhook-id` (the event\'s `id`) and order by `seq`. Anything but a 2xx within 10 seconds is retried with exponential backoff and jitter for 3 days; redirects are not followed. A test send posts `{"type":"webhook.test"}` with an `evt_test_…` id.',
      parameters: [
        ["webhook-id", "The event's id (evt_…), the same on every retry and replay"],
        ["webhook-timestamp", "When this attempt was signed, in Unix seconds"],
        [
          "webhook-signature",
          "v1,<base64 HMAC-SHA256 of id.timestamp.body>; two, space-separated, for 24 hours after a secret rotation",
        ],
      ].map(([name, description]) => ({
        name,
        in: "header",
        required: true,
        description,
        schema: { type: "string" },
      })),
      requestBody: { required: true, content: { "application/json": { schema: { $ref: REF("Event") } } } },
      responses: {
        "200": { description: "Any 2xx: delivered. Anything else is an attempt that failed, retried later." },
      },
    },
  },
};

const cache = new Map<string, JsonSchema>();

/** The document, for the API served at `serverUrl` (…/api/v1). */
export function openApiDocument(routes: readonly Route[], serverUrl: string): JsonSchema {
  const cached = cache.get(serverUrl);
  if (cached) return cached;
  const generated = z.toJSONSchema(components, { uri: REF, io: "output", unrepresentable: "any" });
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([id, schema]) => [id, withoutMeta(schema as JsonSchema)]),
  );
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  const document: JsonSchema = {
    openapi: "3.1.1",
    info: { title: "Rollcall application API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: serverUrl }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    webhooks: WEBHOOKS,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "rck_<43 characters>",
          description: "An API key from `npm run rollcall -- api-key create`",
        },
      },
    },
  };
  cache.set(serverUrl, document);
  return document;
}
