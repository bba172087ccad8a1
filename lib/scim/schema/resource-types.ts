import { groupSchema } from "./group";
import type { ResourceTypeDef } from "./types";
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

export const RESOURCE_TYPES: ResourceTypeDef[] = [USER_RESOURCE, GROUP_RESOURCE];
