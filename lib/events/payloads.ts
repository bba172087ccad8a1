/**
 * The payload (`data`) of each event type, as schemas: the events API's OpenAPI document is
 * generated from them, and the directory API returns users and groups in the same normalized
 * shapes (built by one function, lib/scim/resources/normalized.ts). Payloads of the connection
 * events (identity providers, provisioning, the guard) are documented by their descriptions in
 * ./types.ts and typed here as open objects.
 */
import { z } from "zod";
import { EVENT_TYPES, type EventType } from "./types";

const json = z.unknown();

export const normalizedUserSchema = z
  .object({
    id: z.string().describe("Rollcall's id of the user (the SCIM id)"),
    externalId: z.string().nullable().describe("The identity provider's id of the user, when it sent one"),
    userName: z.string(),
    email: z.string().nullable().describe("The primary email address (else the first one)"),
    name: z.object({ givenName: z.string().nullable(), familyName: z.string().nullable() }),
    displayName: z.string().nullable(),
    active: z.boolean(),
    groups: z.array(z.string()).describe("Ids of the groups the user is in, sorted"),
    roles: z
      .array(z.string())
      .describe(
        "The user's application roles (role keys) from the tenant's group mappings, in precedence order: the first is the primary role; the tenant's default role when no mapping matches; empty when there is neither",
      ),
    customAttributes: z
      .record(z.string(), z.record(z.string(), json))
      .describe("The tenant's own attributes, by schema URN"),
    scim: z
      .record(z.string(), json)
      .describe("The whole SCIM resource (without its groups), as a SCIM client would read it"),
  })
  .describe("A user, in the shape applications use, with the full SCIM document");

export const normalizedGroupSchema = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    displayName: z.string(),
    scim: z.record(z.string(), json).describe("The whole SCIM resource, without its members"),
  })
  .describe("A group (its members are listed separately)");

export const groupRefSchema = z
  .object({ id: z.string(), externalId: z.string().nullable(), displayName: z.string() })
  .describe("The group a membership event is about");

export const changeSchema = z
  .object({
    path: z.string().describe("The attribute that changed (SCIM path)"),
    before: json.optional().describe("The value before (absent when it was added)"),
    after: json.optional().describe("The value after (absent when it was removed)"),
  })
  .describe("One attribute's change; secrets appear as [redacted] and card numbers masked");

export const tenantSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.iso.datetime() })
  .describe("A tenant: one company using Rollcall");

export type NormalizedUser = z.infer<typeof normalizedUserSchema>;
export type NormalizedGroup = z.infer<typeof normalizedGroupSchema>;
export type GroupRef = z.infer<typeof groupRefSchema>;
export type TenantView = z.infer<typeof tenantSchema>;

const user = z.object({ user: normalizedUserSchema });
const userChange = z.object({ user: normalizedUserSchema, changes: z.array(changeSchema) });
const group = z.object({ group: normalizedGroupSchema });
const groupChange = z.object({ group: normalizedGroupSchema, changes: z.array(changeSchema) });
const membership = z.object({ group: groupRefSchema, userId: z.string() });
const tenant = z.object({ tenant: tenantSchema });
const tenantChange = z.object({ tenant: tenantSchema, changes: z.array(changeSchema) });

const endpointDisabled = z.object({
  endpoint: z.object({
    id: z.string().describe("The webhook endpoint's id"),
    origin: z.string().describe("Its URL's scheme, host and port (the path may carry a token, so not here)"),
    description: z.string(),
  }),
  reason: z.literal("failing").describe("Every attempt failed for the whole retry window"),
  failingSince: z.iso.datetime().describe("The first of the failed attempts since the last success"),
});

const KNOWN: Partial<Record<EventType, z.ZodType>> = {
  "user.created": user,
  "user.updated": userChange,
  "user.deactivated": userChange,
  "user.reactivated": userChange,
  "user.deleted": user,
  "group.created": group,
  "group.updated": groupChange,
  "group.deleted": group,
  "group.member_added": membership,
  "group.member_removed": membership,
  "tenant.created": tenant,
  "tenant.updated": tenantChange,
  "tenant.deleted": tenant,
  "webhook_endpoint.disabled": endpointDisabled,
};

/** The schema of one event type's `data` (an open object for the connection events). */
export function payloadSchema(type: EventType): z.ZodType {
  return KNOWN[type] ?? z.looseObject({});
}

/** The description of each type, for documentation. */
export function describeType(type: EventType): string {
  return EVENT_TYPES[type];
}
