/** The adapter between Next.js route handlers and the framework-free SCIM core. */
import { hashSecret } from "@/lib/auth/password";
import { appUrl } from "@/lib/config";
import { tenantExtensions } from "@/lib/custom-attributes/service";
import { db } from "@/lib/db";
import { authenticateToken } from "@/lib/provisioning/tokens";
import { logScimRequest } from "@/lib/provisioning/request-log";
import { API_SECURITY_HEADERS } from "@/lib/security/headers";
import { limits, rateLimiter } from "@/lib/security/rate-limit";
import { MAX_BODY_BYTES } from "./limits";
import type { ScimServices } from "./dispatcher";
import type { ScimResponse } from "./http";
import type { ScimContext } from "./resources/types";
import { typesWith } from "./schema/resource-types";

export const scimServices: ScimServices = {
  authenticate: authenticateToken,
  limits: {
    checkFailedAuth: (ip) => rateLimiter().check(`scim-auth:${ip}`, limits().scimFailedAuthPerIp),
    failedAuth: (ip) => rateLimiter().add(`scim-auth:${ip}`, limits().scimFailedAuthPerIp),
    perToken: (tokenId) => rateLimiter().hit(`scim-token:${tokenId}`, limits().scimPerToken),
  },
  db,
  get baseUrl() {
    return `${appUrl()}/api/scim/v2`;
  },
  hashSecret,
  extensions: tenantExtensions,
  log: logScimRequest,
};

/**
 * The context for SCIM operations Rollcall runs itself (guard approvals, just-in-time creation at
 * sign-in): the same tenant types and secrets handling as a client's request.
 */
export async function scimContextFor(
  tenantId: string,
  idpId: string,
  { guard = true }: { guard?: boolean } = {},
): Promise<ScimContext> {
  return {
    tenantId,
    idpId,
    baseUrl: scimServices.baseUrl,
    sql: (await db()).sql,
    types: typesWith(await tenantExtensions(tenantId)),
    hashSecret,
    guard,
  };
}

/** Reads the body, stopping early (without buffering more) once it exceeds the SCIM maximum. */
export async function readBody(request: Request): Promise<{ body: string | null; bodyTooLarge: boolean }> {
  if (request.method === "GET" || request.method === "DELETE" || request.method === "HEAD" || !request.body) {
    return { body: null, bodyTooLarge: false };
  }
  // A declared oversize body is refused unread (Node discards it after the response).
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return { body: null, bodyTooLarge: true };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Past the limit, keep reading to the end without keeping anything: cancelling the stream
    // would reset the connection while the client is still sending.
    if (size <= MAX_BODY_BYTES) chunks.push(value);
  }
  if (size > MAX_BODY_BYTES) return { body: null, bodyTooLarge: true };
  return { body: size === 0 ? null : Buffer.concat(chunks).toString("utf8"), bodyTooLarge: false };
}

export function toNextResponse(response: ScimResponse): Response {
  const body =
    response.body === undefined || response.status === 204 || response.status === 304
      ? null
      : JSON.stringify(response.body);
  return new Response(body, {
    status: response.status,
    headers: { ...API_SECURITY_HEADERS, ...response.headers },
  });
}
