import type { SqlClient, Work } from "@/lib/db/sql";
import type { ScimResponse } from "../http";
import type { Projection } from "../projection";
import type { TenantTypes } from "../schema/resource-types";

/** What a SCIM operation needs besides the request: who, where, and the database. */
export type ScimContext = {
  tenantId: string;
  idpId: string;
  /** The base URL the client used (tenant URL or the single URL), for meta.location. */
  baseUrl: string;
  /**
   * SCIM's single base URL (every token of the tenant reaches a resource there): the location in
   * the normalized users and groups of events and the application API, whichever URL a client used.
   */
  directoryBaseUrl: string;
  sql: SqlClient;
  /** The resource types this tenant is served (its custom User extensions included). */
  types: TenantTypes;
  hashSecret(plain: string): Promise<string>;
  /** Roles from groups: what changes of users and groups mean for them (lib/roles). */
  roles: RoleService;
  /** false: disables and deletes bypass the mass-deprovisioning guard (approvals, the self-test). */
  guard?: boolean;
};

/** A user's roles (role keys, in precedence order) before and after a change. */
export type RoleChange = { userId: string; before: string[]; after: string[] };

/**
 * Roles from groups (decision 0015), given by the composition root: the rules live in lib/roles,
 * SCIM only asks. Each call runs in the caller's transaction; on PostgreSQL they also take the
 * advisory locks that keep events' roles exact when changes run concurrently (lib/roles/locks.ts).
 */
export type RoleService = {
  /**
   * The first statement of every SCIM write, before any row is written: the tenant's role
   * configuration stays as it is until commit; a user's write also waits for a change of a mapped
   * group in progress (so the roles its event carries include it, and it is numbered after it).
   */
  hold(ctx: ScimContext, writer: "user" | "group"): Work<void>;
  /** A user's roles, after the transaction's own writes (one query). */
  rolesOf(ctx: ScimContext, userId: string): Work<string[]>;
  /**
   * Before group `groupId` changes its members or its name, or is deleted — before the change
   * writes anything: a watch when a mapping names the group (by id, or by either name), else null,
   * and then nothing more is done.
   */
  watchGroup(ctx: ScimContext, groupId: string, names: GroupNames): Work<GroupWatch | null>;
};

/** A group's displayName before and after its change: null before it was created, after it is deleted. */
export type GroupNames = { before: string | null; after: string | null };

export type GroupWatch = {
  /** After the change, given who joined and who left: the role changes of its members. */
  changes(members: { added: string[]; removed: string[] }): Work<RoleChange[]>;
};

/** What turning a row into a resource needs: the tenant's types and the base URL it is located at. */
export type PresentContext = Pick<ScimContext, "types" | "baseUrl">;

export type Change = { path: string; before?: unknown; after?: unknown };

/** A response plus what the provisioning log should record about it. */
export type Outcome = ScimResponse & {
  resourceType?: string;
  resourceId?: string;
  changes?: Change[];
  /** A remark for the provisioning log (e.g. that the change is held). */
  note?: string;
  /** An attribute the client sent that no schema of the tenant defines (the request failed). */
  unknownAttribute?: string;
  /** The operations of a /Bulk request, each logged like a request of its own. */
  related?: { method: string; path: string; outcome: Outcome }[];
};

export type ListParams = {
  filter: string | null;
  startIndex: number;
  count: number;
  sortBy: string | null;
  sortOrder: "ascending" | "descending";
  cursor: string | null;
  projection: Projection;
};

/**
 * What one resource type (Users, Groups) does, behind its endpoint. The dispatcher and /Bulk both
 * call these; `patch` gets `null` for the projection when the client asked for no attributes, and
 * decides itself what to answer (Groups: 204, Users: the resource).
 */
export type ResourceHandler = {
  create(ctx: ScimContext, body: unknown, projection: Projection): Promise<Outcome>;
  get(ctx: ScimContext, id: string, projection: Projection, ifNoneMatch: string | null): Promise<Outcome>;
  list(ctx: ScimContext, params: ListParams): Promise<Outcome>;
  replace(
    ctx: ScimContext,
    id: string,
    body: unknown,
    ifMatch: string | null,
    projection: Projection,
  ): Promise<Outcome>;
  patch(
    ctx: ScimContext,
    id: string,
    body: unknown,
    ifMatch: string | null,
    projection: Projection | null,
  ): Promise<Outcome>;
  delete(ctx: ScimContext, id: string, ifMatch: string | null): Promise<Outcome>;
};
