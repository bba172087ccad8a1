/**
 * The SCIM core's request and response shapes, and their conversion from and to the web's standard
 * Request and Response (what a route handler receives and returns).
 */
import { MAX_BODY_BYTES } from "./limits";

export const SCIM_CONTENT_TYPE = "application/scim+json";

export type ScimRequest = {
  method: string;
  /** Path segments after /api/scim/v2, already URL-decoded. */
  segments: string[];
  query: URLSearchParams;
  headers: { get(name: string): string | null };
  /** Raw request body (null when none was sent). */
  body: string | null;
  /** The body was larger than the SCIM maximum and was not read. */
  bodyTooLarge?: boolean;
  /** The client's address, for per-address limits. */
  clientIp: string;
};

export type ScimResponse = {
  status: number;
  headers: Record<string, string>;
  body: unknown;
};

export function scimResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ScimResponse {
  return { status, headers: { "Content-Type": SCIM_CONTENT_TYPE, ...headers }, body };
}

export function bearerToken(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? null;
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

/** The standard Response for a SCIM answer, with the headers every API answer carries. */
export function toResponse(response: ScimResponse, headers: Record<string, string>): Response {
  const body =
    response.body === undefined || response.status === 204 || response.status === 304
      ? null
      : JSON.stringify(response.body);
  return new Response(body, { status: response.status, headers: { ...headers, ...response.headers } });
}
