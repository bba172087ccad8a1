/**
 * The named schemas of the set-up links API (components of the OpenAPI document, like those of
 * ./schemas.ts): a link created for a customer's IT person, and a tenant's links.
 */
import { z } from "zod";
import { named } from "./schemas";

const linkFields = {
  id: z.string(),
  label: z.string().describe("Whom the link is for, as the audit log names it"),
  expiresAt: z.iso.datetime(),
};

export const setupLinkCreatedSchema = named(
  "SetupLinkCreated",
  z
    .object({
      ...linkFields,
      url: z
        .string()
        .describe(
          "The link to send: whoever opens it first configures the tenant's identity providers and provisioning, in that browser only. Shown only in this answer.",
        ),
    })
    .describe("A new set-up link"),
);

export const setupLinkListSchema = named(
  "SetupLinkList",
  z
    .object({
      data: z.array(
        z.object({
          ...linkFields,
          state: z
            .enum(["waiting", "in-use", "expired", "revoked"])
            .describe("waiting: not opened yet; in-use: a browser holds it"),
          createdBy: z.string(),
          createdAt: z.iso.datetime(),
          claimedAt: z.iso.datetime().nullable().describe("When a browser started the set-up with it"),
          lastUsedAt: z.iso.datetime().nullable(),
        }),
      ),
    })
    .describe("A tenant's 50 newest set-up links, newest first (no link itself: it is shown once)"),
);
