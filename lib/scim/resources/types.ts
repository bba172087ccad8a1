import type { SqlClient } from "@/lib/db/sql";
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
  /** false: disables and deletes bypass the mass-deprovisioning guard (approvals, the self-test). */
  guard?: boolean;
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
