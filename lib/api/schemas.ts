/**
 * The named schemas of the application API: each becomes a component of the OpenAPI document
 * (`#/components/schemas/<name>`). Every route's success response is one of them (checked when
 * the document is built); nested registered schemas become references.
 */
import { z } from "zod";
import {
  normalizedGroupSchema,
  normalizedUserSchema,
  groupRefSchema,
  changeSchema,
  payloadSchema,
  tenantSchema,
} from "@/lib/events/payloads";
import { EVENT_TYPES, type EventType } from "@/lib/events/types";
import { pageSchema } from "./paging";
import { fieldErrorSchema, problemSchema } from "./problem";

export const components = z.registry<{ id: string }>();

export function named<T extends z.ZodType>(id: string, schema: T): T {
  components.add(schema, { id });
  return schema;
}

named("Problem", problemSchema);
named("FieldError", fieldErrorSchema);
named("Change", changeSchema);
named("GroupRef", groupRefSchema);
export const userSchema = named("User", normalizedUserSchema);
export const groupSchema = named("Group", normalizedGroupSchema);
export const tenantView = named("Tenant", tenantSchema);

const EVENT_ID = /^evt_\d{16}$/;

function eventOf(type: EventType) {
  return z
    .object({
      id: z
        .string()
        .regex(EVENT_ID)
        .describe("evt_ + the event's number (16 digits): the cursor, and the webhook id"),
      seq: z.number().int().describe("The event's number: commit order, strictly increasing"),
      type: z.literal(type),
      tenantId: z
        .string()
        .nullable()
        .describe("The tenant; null only for an operator event about a webhook endpoint of every tenant"),
      idpId: z.string().nullable().describe("The identity provider whose request or configuration it was"),
      createdAt: z.iso.datetime().describe("When the change was made"),
      data: payloadSchema(type),
    })
    .describe(EVENT_TYPES[type]);
}

const eventTypes = Object.keys(EVENT_TYPES) as EventType[];
const [first, second, ...rest] = eventTypes.map(eventOf);

export const eventSchema = named(
  "Event",
  z
    .discriminatedUnion("type", [first!, second!, ...rest])
    .describe("A directory or connection event; `data` depends on `type`"),
);

export const eventPageSchema = named(
  "EventPage",
  z
    .object({
      data: z.array(eventSchema),
      next: z
        .string()
        .regex(EVENT_ID)
        .describe("Pass as `after=` for the next page (also when `data` is empty)"),
      hasMore: z.boolean().describe("More events exist after `next`: ask again at once (false: poll later)"),
    })
    .describe("Events in commit order"),
);

export const userPageSchema = named("UserPage", pageSchema(userSchema, "Users, by last change (then id)"));
export const groupPageSchema = named("GroupPage", pageSchema(groupSchema, "Groups"));
export const tenantPageSchema = named("TenantPage", pageSchema(tenantView, "Tenants, oldest first"));

const certificateSchema = z
  .object({
    subject: z.string().nullable(),
    issuer: z.string().nullable(),
    sha1: z.string().nullable(),
    sha256: z.string(),
    notBefore: z.iso.datetime().nullable(),
    notAfter: z.iso.datetime().nullable(),
  })
  .describe("A signing certificate's facts (never the certificate itself)");

export const identityProviderSchema = named(
  "IdentityProvider",
  z
    .object({
      id: z.string(),
      displayName: z.string(),
      type: z.string().describe("wsfed (WS-Federation), saml (SAML 2.0) or oidc (OpenID Connect)"),
      loginUrl: z.string().nullable(),
      idpEntityId: z.string().nullable(),
      isDefault: z.boolean(),
      certificate: certificateSchema.nullable(),
      secondCertificate: z.object({ sha256: z.string(), notAfter: z.iso.datetime().nullable() }).nullable(),
      oidc: z
        .object({
          issuer: z.string().nullable(),
          clientId: z.string().nullable(),
          hasClientSecret: z.boolean().describe("Whether a client secret is stored (it is never returned)"),
          scopes: z.string(),
          claim: z.string().describe("Which claim identifies a user: email, preferred_username or sub"),
          groupsClaim: z.string().describe("The claim that carries the user's groups"),
        })
        .nullable()
        .describe(
          "For an OpenID Connect identity provider (type oidc): the client Rollcall is at the issuer",
        ),
      sso: z
        .object({
          claim: z.string().describe("Which assertion value identifies a user: nameId, upn or email"),
          match: z.string().describe("The provisioned attribute it is matched to: userName or email"),
          jitProvisioning: z.boolean(),
          entityId: z.string().describe("Rollcall's identifier (SAML entity ID / WS-Federation realm)"),
          acsUrl: z.string(),
          metadataUrl: z.string(),
          signInUrl: z.string(),
          redirectUri: z
            .string()
            .describe("OpenID Connect: the redirect URI to register at the identity provider"),
        })
        .describe("Single sign-on settings and Rollcall's own endpoints for this identity provider"),
      provisioning: z.object({ enabled: z.boolean(), tenantUrl: z.string() }),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
    })
    .describe("An identity provider's configuration, without secrets"),
);

export const identityProviderListSchema = named(
  "IdentityProviderList",
  z.object({ data: z.array(identityProviderSchema) }).describe("A tenant's identity providers"),
);

export const tenantCreatedSchema = named(
  "TenantCreated",
  z
    .object({
      tenant: tenantView,
      invitation: z.object({
        email: z.string(),
        url: z.string().describe("The link the first administrator opens to set a name and password (once)"),
        expiresAt: z.iso.datetime(),
      }),
    })
    .describe("The new tenant and its first administrator's invitation"),
);

export const problemTypeSchema = named(
  "ProblemType",
  z
    .object({ type: z.string(), title: z.string(), status: z.number().int(), description: z.string() })
    .describe("What a problem type means"),
);

export const openApiDocumentSchema = named(
  "OpenApiDocument",
  z.looseObject({ openapi: z.string() }).describe("This document"),
);
