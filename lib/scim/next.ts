/** The adapter between Next.js route handlers and the framework-free SCIM core. */
import { authenticateToken } from "@/lib/provisioning/tokens";
import type { ScimServices } from "./dispatcher";
import type { ScimResponse } from "./http";

export const scimServices: ScimServices = {
  authenticate: authenticateToken,
};

export async function readBody(request: Request): Promise<string | null> {
  if (request.method === "GET" || request.method === "DELETE" || request.method === "HEAD") return null;
  const text = await request.text();
  return text.length > 0 ? text : null;
}

export function toNextResponse(response: ScimResponse): Response {
  const body = response.body === undefined || response.status === 204 ? null : JSON.stringify(response.body);
  return new Response(body, { status: response.status, headers: response.headers });
}
