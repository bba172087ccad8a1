/**
 * Where the SCIM core meets the rest of Rollcall (the composition root): how a token names a
 * tenant, the rate limits, the database, hashing, a tenant's custom attributes and the
 * provisioning log. Every SCIM operation — a client's request, the admin's self-test, a guard
 * approval, an account created at first sign-in — runs through these services, so each is logged
 * alike.
 */
import { hashSecret } from "@/lib/auth/password";
import { scimBaseUrl } from "@/lib/config";
import { tenantExtensions } from "@/lib/custom-attributes/service";
import { db } from "@/lib/db";
import { NO_LIMITS, type ScimServices } from "@/lib/scim/dispatcher";
import { logEntry } from "@/lib/scim/log-entry";
import type { Outcome, ScimContext } from "@/lib/scim/resources/types";
import { typesWith } from "@/lib/scim/schema/resource-types";
import { scimRoles } from "@/lib/roles/scim";
import { limits, rateLimiter } from "@/lib/security/rate-limit";
import { logScimRequest } from "./request-log";
import { authenticateToken } from "./tokens";

export const scimServices: ScimServices = {
  authenticate: authenticateToken,
  limits: {
    checkFailedAuth: (ip) => rateLimiter().check(`scim-auth:${ip}`, limits().scimFailedAuthPerIp),
    failedAuth: (ip) => rateLimiter().add(`scim-auth:${ip}`, limits().scimFailedAuthPerIp),
    perToken: (tokenId) => rateLimiter().hit(`scim-token:${tokenId}`, limits().scimPerToken),
  },
  db,
  get baseUrl() {
    return scimBaseUrl();
  },
  hashSecret,
  extensions: tenantExtensions,
  log: logScimRequest,
  roles: scimRoles,
};

/**
 * The services for the admin's self-test: the tenant and identity provider are given, no limits
 * apply, and neither does the mass-deprovisioning guard (its users are a sandbox).
 */
export function selfTestServices(tenantId: string, idpId: string): ScimServices {
  return {
    ...scimServices,
    authenticate: async () => ({ tenantId, idpId, tokenId: "self-test" }),
    limits: NO_LIMITS,
    guard: false,
    baseUrl: scimBaseUrl(),
  };
}

/** The context for SCIM operations Rollcall runs itself, as a client's request would have. */
export async function scimContextFor(
  tenantId: string,
  idpId: string,
  { guard = true }: { guard?: boolean } = {},
): Promise<ScimContext> {
  return {
    tenantId,
    idpId,
    baseUrl: scimBaseUrl(),
    directoryBaseUrl: scimBaseUrl(),
    sql: (await db()).sql,
    types: typesWith(await tenantExtensions(tenantId)),
    hashSecret,
    roles: scimRoles,
    guard,
  };
}

/** Records an operation Rollcall ran itself in the provisioning log, with who or what ran it. */
export function logOwnOperation(
  ctx: ScimContext,
  by: string,
  method: string,
  path: string,
  outcome: Outcome,
): void {
  logScimRequest(
    logEntry({ tenantId: ctx.tenantId, idpId: ctx.idpId, userAgent: by }, method, path, outcome, 0),
  );
}
