/**
 * The named schemas of the applications management API (components of the OpenAPI document, like
 * those of ./schemas.ts): an application as Rollcall's OpenID Provider knows it — never its secret
 * or the secret's hash — and a client secret, shown once.
 */
import { z } from "zod";
import { pageSchema } from "./paging";
import { named } from "./schemas";

const time = z.iso.datetime();

export const applicationSchema = named(
  "Application",
  z
    .object({
      clientId: z.string().describe("The OAuth client_id (rcc_…)"),
      name: z.string(),
      public: z.boolean().describe("A public client (no secret, PKCE only), e.g. a single-page application"),
      redirectUris: z.array(z.string()).describe("Where codes may be sent, compared exactly"),
      postLogoutRedirectUris: z.array(z.string()).describe("Where RP-initiated logout may return"),
      tenantIds: z
        .array(z.string())
        .nullable()
        .describe("The tenants whose people may sign in; null: every tenant"),
      createdAt: time,
      secretRotatedAt: time.nullable(),
      previousSecretValidUntil: time
        .nullable()
        .describe("After a rotation: until when the previous client secret still authenticates"),
    })
    .describe("An application that signs people in through Rollcall (an OpenID Connect client)"),
);

export const applicationPageSchema = named("ApplicationPage", pageSchema(applicationSchema, "By client id"));

export const applicationCreatedSchema = named(
  "ApplicationCreated",
  z
    .object({
      application: applicationSchema,
      clientSecret: z
        .string()
        .nullable()
        .describe("The client secret (rccs_…), shown this once; null for a public application"),
    })
    .describe("A new application and its client secret"),
);

export const applicationSecretSchema = named(
  "ApplicationSecret",
  applicationSchema
    .pick({ clientId: true, previousSecretValidUntil: true })
    .extend({ clientSecret: z.string().describe("The new client secret (rccs_…), shown this once") })
    .describe("A rotated client secret (the previous one works until previousSecretValidUntil, if set)"),
);
