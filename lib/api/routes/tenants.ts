/**
 * Tenants: read with directory:read; created, renamed and deleted with tenants:write (the
 * application's own sign-up creates the Rollcall tenant and gets its first administrator's invite
 * link). A tenant's identity providers, read-only.
 */
import { z } from "zod";
import { identityProvidersOf } from "@/lib/directory/identity-providers";
import { createTenant, deleteTenant, renameTenant, tenantById, tenantsPage } from "@/lib/tenants/management";
import { emailSchema } from "@/lib/tenants/schemas";
import { ApiError } from "../problem";
import { defineRoute } from "../route";
import { identityProviderListSchema, tenantCreatedSchema, tenantPageSchema, tenantView } from "../schemas";
import { actorOf, idPageQuery, pageById, requireTenant, tenantParams } from "./params";

const tenantName = z.string().trim().min(2).max(120).describe("The company's name");

const notFound = () => new ApiError("not-found", "No tenant has this id");

export const listTenants = defineRoute({
  method: "GET",
  path: "/tenants",
  scope: "directory:read",
  tag: "Tenants",
  summary: "Every tenant, oldest first",
  query: idPageQuery,
  response: { status: 200, schema: tenantPageSchema, description: "A page of tenants" },
  async handler({ query }) {
    return pageById(query, tenantsPage, (t) => t.id);
  },
});

export const getTenant = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}",
  scope: "directory:read",
  tag: "Tenants",
  summary: "One tenant",
  params: tenantParams,
  response: { status: 200, schema: tenantView, description: "The tenant" },
  problems: ["not-found"],
  async handler({ params }) {
    const tenant = await tenantById(params.tenantId);
    if (!tenant) throw notFound();
    return tenant;
  },
});

export const createTenantRoute = defineRoute({
  method: "POST",
  path: "/tenants",
  scope: "tenants:write",
  tag: "Tenants",
  summary: "Create a tenant and invite its first administrator",
  description:
    "Returns the invitation link (valid 7 days, usable once): the administrator opens it to choose a name and password. Send it to them; Rollcall sends no email. Records tenant.created.",
  body: z.strictObject({
    name: tenantName,
    adminEmail: emailSchema.describe(
      "The first administrator's email; refused (409) when it already has an account",
    ),
  }),
  response: {
    status: 201,
    schema: tenantCreatedSchema,
    description: "The tenant and the invitation",
    location: (body) => `/api/v1/tenants/${body.tenant.id}`,
  },
  problems: ["conflict"],
  async handler({ body, key }) {
    return createTenant({ name: body.name, adminEmail: body.adminEmail }, actorOf(key));
  },
});

export const updateTenant = defineRoute({
  method: "PATCH",
  path: "/tenants/{tenantId}",
  scope: "tenants:write",
  tag: "Tenants",
  summary: "Rename a tenant",
  description: "Records tenant.updated when the name changes.",
  params: tenantParams,
  body: z.strictObject({ name: tenantName }),
  response: { status: 200, schema: tenantView, description: "The tenant" },
  problems: ["not-found"],
  async handler({ params, body }) {
    const tenant = await renameTenant(params.tenantId, body.name);
    if (!tenant) throw notFound();
    return tenant;
  },
});

export const deleteTenantRoute = defineRoute({
  method: "DELETE",
  path: "/tenants/{tenantId}",
  scope: "tenants:write",
  tag: "Tenants",
  summary: "Delete a tenant and everything it has",
  description:
    "Administrators, identity providers, provisioning tokens, users, groups and logs, at once and for good (no confirmation: it is an API). Records tenant.deleted; no event follows for each user or group.",
  params: tenantParams,
  response: { status: 204, description: "Deleted" },
  problems: ["not-found"],
  async handler({ params }) {
    if (!(await deleteTenant(params.tenantId))) throw notFound();
  },
});

export const listIdentityProviders = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/identity-providers",
  scope: "directory:read",
  tag: "Tenants",
  summary: "A tenant's identity providers (configuration only, no secrets)",
  params: tenantParams,
  response: { status: 200, schema: identityProviderListSchema, description: "The identity providers" },
  problems: ["not-found"],
  async handler({ params }) {
    await requireTenant(params.tenantId);
    return { data: await identityProvidersOf(params.tenantId) };
  },
});
