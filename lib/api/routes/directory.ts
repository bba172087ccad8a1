/**
 * The directory (scope directory:read): a tenant's users — in the shape of the events' `user` —
 * groups, a group's members and a user's groups, each list keyset-paged with cursors.
 */
import { z } from "zod";
import { groupById, groupsPage, membersPage, userGroupsPage } from "@/lib/directory/api-groups";
import { usersPage, userById } from "@/lib/directory/api-users";
import { cursorParam, limitParam, pageOf } from "../paging";
import { ApiError } from "../problem";
import { defineRoute } from "../route";
import { groupPageSchema, groupSchema, userPageSchema, userSchema } from "../schemas";
import {
  groupParams,
  ID_PATTERN,
  idPageQuery,
  pageById,
  requireResource,
  requireTenant,
  tenantParams,
  userParams,
} from "./params";

export const listUsers = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/users",
  scope: "directory:read",
  tag: "Directory",
  summary: "A tenant's users",
  description:
    "By last change (oldest first), then id. With `updatedSince`, only users changed at or after that time: keep the newest `scim.meta.lastModified` you saw and pass it next time (memberships are not user changes: follow the events, or read the groups).",
  params: tenantParams,
  query: z.strictObject({
    updatedSince: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional()
      .describe("Only users changed at or after this time (ISO 8601)"),
    cursor: cursorParam(2, ([at, id]) => !Number.isNaN(Date.parse(at!)) && ID_PATTERN.test(id!)),
    limit: limitParam(),
  }),
  response: { status: 200, schema: userPageSchema, description: "A page of users" },
  problems: ["not-found"],
  async handler({ params, query }) {
    await requireTenant(params.tenantId);
    const [at, id] = query.cursor ?? [];
    const rows = await usersPage(params.tenantId, {
      updatedSince: query.updatedSince,
      after: at !== undefined && id !== undefined ? { updatedAt: at, id } : undefined,
      limit: query.limit + 1,
    });
    const page = pageOf(rows, query.limit, (r) => [r.position.updatedAt, r.position.id]);
    return { data: page.rows.map((r) => r.user), next: page.next };
  },
});

export const getUser = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/users/{userId}",
  scope: "directory:read",
  tag: "Directory",
  summary: "One user",
  params: userParams,
  response: { status: 200, schema: userSchema, description: "The user" },
  problems: ["not-found"],
  async handler({ params }) {
    const user = await userById(params.tenantId, params.userId);
    if (!user) throw new ApiError("not-found", "This tenant has no user with this id");
    return user;
  },
});

export const listUserGroups = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/users/{userId}/groups",
  scope: "directory:read",
  tag: "Directory",
  summary: "The groups a user is in",
  params: userParams,
  query: idPageQuery,
  response: { status: 200, schema: groupPageSchema, description: "A page of groups, by id" },
  problems: ["not-found"],
  async handler({ params, query }) {
    await requireResource("user", params.tenantId, params.userId);
    return pageById(
      query,
      (after, limit) => userGroupsPage(params.tenantId, params.userId, after, limit),
      (g) => g.id,
    );
  },
});

export const listGroups = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/groups",
  scope: "directory:read",
  tag: "Directory",
  summary: "A tenant's groups",
  params: tenantParams,
  query: idPageQuery,
  response: { status: 200, schema: groupPageSchema, description: "A page of groups, by id" },
  problems: ["not-found"],
  async handler({ params, query }) {
    await requireTenant(params.tenantId);
    return pageById(
      query,
      (after, limit) => groupsPage(params.tenantId, after, limit),
      (g) => g.id,
    );
  },
});

export const getGroup = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/groups/{groupId}",
  scope: "directory:read",
  tag: "Directory",
  summary: "One group",
  params: groupParams,
  response: { status: 200, schema: groupSchema, description: "The group (its members: /members)" },
  problems: ["not-found"],
  async handler({ params }) {
    const group = await groupById(params.tenantId, params.groupId);
    if (!group) throw new ApiError("not-found", "This tenant has no group with this id");
    return group;
  },
});

export const listGroupMembers = defineRoute({
  method: "GET",
  path: "/tenants/{tenantId}/groups/{groupId}/members",
  scope: "directory:read",
  tag: "Directory",
  summary: "A group's members",
  params: groupParams,
  query: idPageQuery,
  response: { status: 200, schema: userPageSchema, description: "A page of the members (users), by user id" },
  problems: ["not-found"],
  async handler({ params, query }) {
    await requireResource("group", params.tenantId, params.groupId);
    return pageById(
      query,
      (after, limit) => membersPage(params.tenantId, params.groupId, after, limit),
      (u) => u.id,
    );
  },
});
