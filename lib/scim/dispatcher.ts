/**
 * The SCIM dispatcher: `handle(request, services) → response`, independent of Next.js.
 *
 * URL forms (everything under /api/scim/v2):
 *   /<provisioningId>/<Resource>/…   the tenant URL an admin pastes into Entra
 *   /<Resource>/…                    the token alone names the tenant (UNIFI's single URL)
 * Query flags Entra adds to a tenant URL (e.g. ?aadOptscim062020) and trailing slashes are ignored.
 */
import { ScimError } from "./errors";
import { bearerToken, scimResponse, type ScimRequest, type ScimResponse } from "./http";
import { LIST_RESPONSE_SCHEMA } from "./schemas";

export type Principal = { tenantId: string; idpId: string; tokenId: string };

export type ScimServices = {
  authenticate(token: string | null, provisioningId: string | null): Promise<Principal | null>;
};

export const RESOURCE_ENDPOINTS = new Set([
  "Users",
  "Groups",
  "Bulk",
  "Me",
  "ServiceProviderConfig",
  "Schemas",
  "ResourceTypes",
]);

export type Route = { provisioningId: string | null; resource: string | null; rest: string[] };

export function route(segments: string[]): Route {
  const parts = segments.filter((s) => s.length > 0);
  const first = parts[0];
  if (first === undefined) return { provisioningId: null, resource: null, rest: [] };
  if (RESOURCE_ENDPOINTS.has(first)) return { provisioningId: null, resource: first, rest: parts.slice(1) };
  return { provisioningId: first, resource: parts[1] ?? null, rest: parts.slice(2) };
}

export async function handle(request: ScimRequest, services: ScimServices): Promise<ScimResponse> {
  try {
    const target = route(request.segments);
    const principal = await services.authenticate(
      bearerToken(request.headers.get("authorization")),
      target.provisioningId,
    );
    if (!principal) {
      throw new ScimError(401, "Missing, invalid or revoked bearer token for this tenant URL");
    }
    return await dispatch(request, target);
  } catch (error) {
    if (error instanceof ScimError) {
      const headers: Record<string, string> =
        error.status === 401 ? { "WWW-Authenticate": 'Bearer realm="SCIM"' } : {};
      return scimResponse(error.status, error.toBody(), headers);
    }
    console.error("scim: unexpected error", error instanceof Error ? error.name : typeof error);
    return scimResponse(500, new ScimError(500, "Internal server error").toBody());
  }
}

async function dispatch(request: ScimRequest, target: Route): Promise<ScimResponse> {
  if (target.resource === "Users" && target.rest.length === 0 && request.method === "GET") {
    return scimResponse(200, {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  }
  if (target.resource === null || !RESOURCE_ENDPOINTS.has(target.resource)) {
    throw new ScimError(404, "Unknown SCIM endpoint");
  }
  throw new ScimError(501, `${request.method} /${target.resource} is not implemented yet`);
}
