/** RFC 7644 §3.12 errors. */
import { scimResponse } from "./http";
import type { Outcome } from "./resources/types";

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive"
  | "invalidCursor";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = "ScimError";
  }

  toBody(): { schemas: string[]; status: string; scimType?: ScimType; detail: string } {
    return {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

/** 429: the client is over a rate limit; it may retry after `retryAfterSeconds`. */
export class RateLimitedError extends ScimError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, detail);
  }
}

/**
 * 400: the client sent an attribute no schema of this tenant defines. `attribute` is its full
 * path as sent (URN-qualified when it was), so the portal can offer to define it.
 */
export class UnknownAttributeError extends ScimError {
  constructor(
    readonly attribute: string,
    readonly resourceType: string,
    detail: string,
    scimType: ScimType = "invalidValue",
  ) {
    super(400, detail, scimType);
  }
}

/** The answer to a failed request or Bulk operation, with what the provisioning log keeps of it. */
export function errorOutcome(error: ScimError): Outcome {
  const headers: Record<string, string> =
    error.status === 401
      ? { "WWW-Authenticate": 'Bearer realm="SCIM"' }
      : error instanceof RateLimitedError
        ? { "Retry-After": String(error.retryAfterSeconds) }
        : {};
  return {
    ...scimResponse(error.status, error.toBody(), headers),
    ...(error instanceof UnknownAttributeError
      ? { unknownAttribute: error.attribute, resourceType: error.resourceType }
      : {}),
  };
}
