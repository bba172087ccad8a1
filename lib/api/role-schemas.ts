/**
 * The named schemas of the roles API (components of the OpenAPI document, like those of
 * ./schemas.ts): the application's roles, and a tenant's mappings with its default role.
 */
import { z } from "zod";
import { named } from "./schemas";

export const roleSchema = named(
  "Role",
  z
    .object({
      key: z
        .string()
        .describe("What applications read: in the users' `roles` and the ID token's `roles` claim"),
      name: z.string(),
      description: z.string(),
      position: z
        .number()
        .int()
        .describe("Its place in lists (1 first); not precedence, which each tenant sets"),
      tenants: z
        .number()
        .int()
        .describe("How many tenants map a group to it or give it as their default role"),
      createdAt: z.iso.datetime(),
    })
    .describe("An application role, defined by the operator"),
);

export const roleListSchema = named(
  "RoleList",
  z.object({ data: z.array(roleSchema) }).describe("The application's roles, in their order"),
);

export const roleMappingSchema = named(
  "RoleMapping",
  z
    .object({
      id: z.string(),
      precedence: z
        .number()
        .int()
        .describe(
          "Its place in the tenant's order (1 first): a user's roles are in this order, the first primary",
        ),
      role: z.string().describe("The role's key"),
      groupId: z.string().nullable().describe("The provisioned group chosen; null for a mapping by name"),
      groupName: z
        .string()
        .nullable()
        .describe(
          "A group name, matched without regard to case against provisioned groups' displayName and the identity provider's groups claim; null for a mapping by id",
        ),
      matchedGroup: z
        .object({ id: z.string(), displayName: z.string() })
        .nullable()
        .describe("The provisioned group it matches now, if any"),
    })
    .describe("Members of a group have a role"),
);

export const tenantRolesSchema = named(
  "TenantRoles",
  z
    .object({
      mappings: z.array(roleMappingSchema).describe("In precedence order"),
      defaultRole: z.string().nullable().describe("The role of users no mapping matches; null: none"),
    })
    .describe("A tenant's group → role mappings and its default role"),
);
