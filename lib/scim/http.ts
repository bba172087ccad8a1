/** The framework-free request/response shapes of the SCIM core. */
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
