/**
 * Roles (scope roles:write, reads included: they are the operator's configuration): the
 * application's roles, and each tenant's mappings and default role — what its administrators set in
 * the portal, for an application that manages them itself. Every change that moves users' roles
 * records `user.updated` for each of them, in its transaction.
 */
import { z } from "zod";
import {
  addRole,
  findRole,
  listRoles,
  removeRole,
  ROLE_KEY_PATTERN,
  roleView,
} from "@/lib/roles/definitions";
import {
  addMapping,
  mappingView,
  moveMapping,
  removeMapping,
  roleSettings,
  setDefaultRole,
  tenantRolesView,
} from "@/lib/roles/mappings";
import { ApiError } from "../problem";
import { roleListSchema, roleMappingSchema, roleSchema, tenantRolesSchema } from "../role-schemas";
import { defineRoute } from "../route";
import { actorOf, id, requireTenant, tenantParams } from "./params";

const TAG = "Roles";

const roleKey = z.string().regex(ROLE_KEY_PATTERN, "is not a role key").describe("The role's key");
const keyParams = z.strictObject({ key: roleKey });
const mappingParams = z.strictObject({ tenantId: id("tenant"), mappingId: id("mapping") });

export const listRolesRoute = defineRoute({
  method: "GET",
  path: "/roles",
  scope: "roles:write",
  tag: TAG,
  summary: "The application's roles",
  response: { status: 200, schema: roleListSchema, description: "Every role, in order" },
  async handler() {
    return { data: (await listRoles()).map(roleView) };
  },
});

export const createRoleRoute = defineRoute({
  method: "POST",
  path: "/roles",
  scope: "roles:write",
  tag: TAG,
  summary: "Define a role",
  description: "Last in the order. Tenants' administrators can then map their groups to it.",
  body: z.strictObject({
    key: z.string().max(64).describe("Lower-case letters, digits and . _ : -; never changes"),
    name: z.string().max(100),
    description: z.string().max(500).optional(),
  }),
  response: {
    status: 201,
    schema: roleSchema,
    description: "The role",
    location: (body) => `/api/v1/roles/${body.key}`,
  },
  async handler({ body }) {
    return roleView(await addRole(body));
  },
});

export const getRoleRoute = defineRoute({
  method: "GET",
  path: "/roles/{key}",
  scope: "roles:write",
  tag: TAG,
  summary: "One role",
  params: keyParams,
  response: { status: 200, schema: roleSchema, description: "The role" },
  problems: ["not-found"],
  async handler({ params }) {
    const role = await findRole(params.key);
    if (!role) throw new ApiError("not-found", "No role has this key");
    return roleView(role);
  },
});

export const deleteRoleRoute = defineRoute({
  method: "DELETE",
  path: "/roles/{key}",
  scope: "roles:write",
  tag: TAG,
  summary: "Remove a role, with every tenant's mappings to it and default role of it",
  description: "Each user who had the role gets `user.updated` (in the same transaction).",
  params: keyParams,
  response: { status: 204, description: "Removed" },
  problems: ["not-found"],
  async handler({ params }) {
    await removeRole(params.key);
  },
});

export const getTenantRolesRoute = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/roles",
  scope: "roles:write",
  tag: TAG,
  summary: "A tenant's group → role mappings and default role",
  params: tenantParams,
  response: { status: 200, schema: tenantRolesSchema, description: "The tenant's role configuration" },
  problems: ["not-found"],
  async handler({ params }) {
    await requireTenant(params.tenantId);
    return tenantRolesView(params.tenantId);
  },
});

export const addRoleMappingRoute = defineRoute({
  method: "POST",
  path: "/tenants/{tenantId}/roles/mappings",
  scope: "roles:write",
  tag: TAG,
  summary: "Map a group to a role",
  description:
    "Give `groupId` (a provisioned group of this tenant) or `groupName` (as the identity provider's groups claim sends it; it also matches a provisioned group of that displayName). At `precedence` (default: last); the mappings from there on move down one.",
  params: tenantParams,
  body: z.strictObject({
    groupId: id("group").optional(),
    groupName: z.string().max(512).optional(),
    role: roleKey,
    precedence: z.number().int().min(1).max(10_000).optional(),
  }),
  response: { status: 201, schema: roleMappingSchema, description: "The mapping" },
  problems: ["not-found", "conflict"],
  async handler({ params, body, key }) {
    await requireTenant(params.tenantId);
    const { id: mappingId } = await addMapping(params.tenantId, actorOf(key), body);
    const added = (await roleSettings(params.tenantId)).mappings.find((m) => m.id === mappingId);
    if (!added) throw new ApiError("conflict", "The mapping was removed meanwhile");
    return mappingView(added);
  },
});

export const moveRoleMappingRoute = defineRoute({
  method: "PATCH",
  path: "/tenants/{tenantId}/roles/mappings/{mappingId}",
  scope: "roles:write",
  tag: TAG,
  summary: "Move a mapping to another place in the order",
  params: mappingParams,
  body: z.strictObject({ precedence: z.number().int().min(1).max(10_000) }),
  response: { status: 200, schema: tenantRolesSchema, description: "The tenant's role configuration" },
  problems: ["not-found"],
  async handler({ params, body, key }) {
    await requireTenant(params.tenantId);
    await moveMapping(params.tenantId, actorOf(key), params.mappingId, body.precedence);
    return tenantRolesView(params.tenantId);
  },
});

export const removeRoleMappingRoute = defineRoute({
  method: "DELETE",
  path: "/tenants/{tenantId}/roles/mappings/{mappingId}",
  scope: "roles:write",
  tag: TAG,
  summary: "Remove a mapping",
  params: mappingParams,
  response: { status: 204, description: "Removed" },
  problems: ["not-found"],
  async handler({ params, key }) {
    await requireTenant(params.tenantId);
    await removeMapping(params.tenantId, actorOf(key), params.mappingId);
  },
});

export const setDefaultRoleRoute = defineRoute({
  method: "PUT",
  path: "/tenants/{tenantId}/roles/default",
  scope: "roles:write",
  tag: TAG,
  summary: "Set the role of users no mapping matches",
  params: tenantParams,
  body: z.strictObject({ role: roleKey.nullable().describe("The role's key; null: no default role") }),
  response: { status: 200, schema: tenantRolesSchema, description: "The tenant's role configuration" },
  problems: ["not-found"],
  async handler({ params, body, key }) {
    await requireTenant(params.tenantId);
    await setDefaultRole(params.tenantId, actorOf(key), body.role);
    return tenantRolesView(params.tenantId);
  },
});
