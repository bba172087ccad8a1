/**
 * Set-up links through the API (decision 0018): the application makes a time-limited link for its
 * customer's IT person (the customer configures their identity provider and provisioning without
 * an admin account), lists a tenant's links and revokes one. Created and revoked with
 * tenants:write, listed with directory:read; each is in the tenant's audit log under the key's name.
 */
import { z } from "zod";
import { createSetupLink, listSetupLinks, revokeSetupLink } from "@/lib/setup-links/service";
import { defineRoute } from "../route";
import { setupLinkCreatedSchema, setupLinkListSchema } from "../setup-link-schemas";
import { actorOf, id, requireTenant, tenantParams } from "./params";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const createSetupLinkRoute = defineRoute({
  method: "POST",
  path: "/tenants/{tenantId}/setup-links",
  scope: "tenants:write",
  tag: "Set-up links",
  summary: "Create a set-up link for the tenant's IT person",
  description:
    "The link (valid 24 hours or 7 days) lets whoever opens it first configure the tenant's identity providers and provisioning, in that browser only — nothing else, and without an account. It is returned once; send it to them (Rollcall sends no email).",
  params: tenantParams,
  body: z.strictObject({
    label: z
      .string()
      .describe("Whom the link is for (1–80 characters), shown in the portal and the audit log"),
    validity: z.enum(["24h", "7d"]).describe("How long the link works"),
  }),
  response: { status: 201, schema: setupLinkCreatedSchema, description: "The link, this once" },
  problems: ["not-found"],
  async handler({ params, body, key }) {
    await requireTenant(params.tenantId);
    const link = await createSetupLink(params.tenantId, actorOf(key), body);
    return { ...link, expiresAt: link.expiresAt.toISOString() };
  },
});

export const listSetupLinksRoute = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/setup-links",
  scope: "directory:read",
  tag: "Set-up links",
  summary: "A tenant's set-up links and their state",
  params: tenantParams,
  response: { status: 200, schema: setupLinkListSchema, description: "The links, newest first" },
  problems: ["not-found"],
  async handler({ params }) {
    await requireTenant(params.tenantId);
    const links = await listSetupLinks(params.tenantId);
    return {
      data: links.map((l) => ({
        id: l.id,
        label: l.label,
        state: l.state,
        createdBy: l.createdBy,
        createdAt: l.createdAt.toISOString(),
        expiresAt: l.expiresAt.toISOString(),
        claimedAt: iso(l.claimedAt),
        lastUsedAt: iso(l.lastUsedAt),
      })),
    };
  },
});

export const revokeSetupLinkRoute = defineRoute({
  method: "DELETE",
  path: "/tenants/{tenantId}/setup-links/{linkId}",
  scope: "tenants:write",
  tag: "Set-up links",
  summary: "Revoke a set-up link",
  description: "The link stops working at once, also in a browser that holds it.",
  params: z.strictObject({ tenantId: id("tenant"), linkId: id("set-up link") }),
  response: { status: 204, description: "Revoked" },
  problems: ["not-found"],
  async handler({ params, key }) {
    await requireTenant(params.tenantId);
    await revokeSetupLink(params.tenantId, actorOf(key), params.linkId);
  },
});
