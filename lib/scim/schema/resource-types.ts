import { groupSchema } from "./group";
import type { ResourceTypeDef, SchemaDef } from "./types";
import { enterpriseSchema, uniflowSchema, userSchema } from "./user";

export const USER_RESOURCE: ResourceTypeDef = {
  id: "User",
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  schema: userSchema,
  extensions: [
    { schema: enterpriseSchema, required: false },
    { schema: uniflowSchema, required: false },
  ],
};

export const GROUP_RESOURCE: ResourceTypeDef = {
  id: "Group",
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  schema: groupSchema,
  extensions: [],
};

/** The resource types one tenant is served: the built-in ones plus the extensions it defined. */
export type TenantTypes = { user: ResourceTypeDef; group: ResourceTypeDef; all: ResourceTypeDef[] };

export const BUILT_IN_TYPES: TenantTypes = {
  user: USER_RESOURCE,
  group: GROUP_RESOURCE,
  all: [USER_RESOURCE, GROUP_RESOURCE],
};

const built = new WeakMap<readonly SchemaDef[], TenantTypes>();

/** The types for a tenant with these custom User extensions (built once per extensions list). */
export function typesWith(extensions: readonly SchemaDef[]): TenantTypes {
  if (extensions.length === 0) return BUILT_IN_TYPES;
  let types = built.get(extensions);
  if (!types) {
    const user: ResourceTypeDef = {
      ...USER_RESOURCE,
      extensions: [
        ...USER_RESOURCE.extensions,
        ...extensions.map((schema) => ({ schema, required: false, custom: true })),
      ],
    };
    types = { user, group: GROUP_RESOURCE, all: [user, GROUP_RESOURCE] };
    built.set(extensions, types);
  }
  return types;
}
