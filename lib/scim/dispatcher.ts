/**
 * The SCIM dispatcher: `handle(request, services) → response`, independent of Next.js.
 *
 * URL forms (everything under /api/scim/v2):
 *   /<provisioningId>/<Resource>/…   the tenant URL an admin pastes into Entra
 *   /<Resource>/…                    the token alone names the tenant (UNIFI's single URL)
 * Query flags Entra adds to a tenant URL (e.g. ?aadOptscim062020) and trailing slashes are ignored.
 */
import { logError } from "@/lib/log";
import type { Decision } from "@/lib/security/rate-limit";
import type { Db } from "@/lib/db";
import { resourceTypesEndpoint, schemasEndpoint, serviceProviderConfig } from "./discovery";
import { DEFAULT_PAGE_SIZE, MAX_BODY_BYTES, MAX_JSON_DEPTH, MAX_RESULTS, MAX_START_INDEX } from "./limits";
import { errorOutcome, RateLimitedError, ScimError } from "./errors";
import { bearerToken, type ScimRequest, type ScimResponse } from "./http";
import { parseProjection } from "./projection";
import { isObject } from "./document";
import { logEntry, type RequestLogEntry } from "./log-entry";
import type { ListParams, Outcome, RoleService, ScimContext } from "./resources/types";
import { handlerFor, operate } from "./resources/registry";
import { runBulk } from "./bulk";
import { typesWith, type TenantTypes } from "./schema/resource-types";
import type { SchemaDef } from "./schema/types";

export type Principal = { tenantId: string; idpId: string; tokenId: string };

/** Rate limits, decided before any work: see lib/security/rate-limit.ts. */
export type RateLimits = {
  /** Has this address sent too many wrong tokens? (Asked only when the token is wrong.) */
  checkFailedAuth(ip: string): Promise<Decision>;
  failedAuth(ip: string): Promise<void>;
  /** Counts a request under its token. */
  perToken(tokenId: string): Promise<Decision>;
};

/** For in-process callers that are not clients (the admin's self-test). */
export const NO_LIMITS: RateLimits = {
  checkFailedAuth: async () => ({ ok: true }),
  failedAuth: async () => undefined,
  perToken: async () => ({ ok: true }),
};

/** For in-process callers without roles (database tests): nobody has a role. */
export const NO_ROLES: RoleService = {
  hold: function* () {},
  rolesOf: function* () {
    return [];
  },
  watchGroup: function* () {
    return null;
  },
};

export type ScimServices = {
  authenticate(
    token: string | null,
    provisioningId: string | null,
    clientIp: string,
  ): Promise<Principal | null>;
  limits: RateLimits;
  db(): Promise<Db>;
  /** The public base URL of SCIM (…/api/scim/v2), for meta.location. */
  baseUrl: string;
  hashSecret(plain: string): Promise<string>;
  /** The custom User extension schemas a tenant defined (lib/custom-attributes). */
  extensions(tenantId: string): Promise<readonly SchemaDef[]>;
  log(entry: RequestLogEntry): void;
  /** Roles from groups (lib/roles). */
  roles: RoleService;
  /** false: the mass-deprovisioning guard does not apply (the admin's self-test sandbox). */
  guard?: boolean;
};

/** Endpoint names, matched case-insensitively (`/users` as some clients send it, too). */
const RESOURCE_ENDPOINTS = new Map(
  ["Users", "Groups", "Bulk", "Me", "ServiceProviderConfig", "Schemas", "ResourceTypes"].map((name) => [
    name.toLowerCase(),
    name,
  ]),
);

export type Route = { provisioningId: string | null; resource: string | null; rest: string[] };

export function route(segments: string[]): Route {
  const parts = segments.filter((s) => s.length > 0);
  const first = parts[0];
  if (first === undefined) return { provisioningId: null, resource: null, rest: [] };
  const endpoint = (segment: string | undefined) =>
    segment === undefined ? null : (RESOURCE_ENDPOINTS.get(segment.toLowerCase()) ?? segment);
  if (RESOURCE_ENDPOINTS.has(first.toLowerCase()))
    return { provisioningId: null, resource: endpoint(first), rest: parts.slice(1) };
  return { provisioningId: first, resource: endpoint(parts[1]), rest: parts.slice(2) };
}

export async function handle(request: ScimRequest, services: ScimServices): Promise<ScimResponse> {
  const started = performance.now();
  let principal: Principal | null = null;
  let outcome: Outcome;
  try {
    const target = route(request.segments);
    const authenticated = await services.authenticate(
      bearerToken(request.headers.get("authorization")),
      target.provisioningId,
      request.clientIp,
    );
    if (!authenticated) {
      // Wrong tokens are limited per address; a valid token is never held back by someone else's.
      const gate = await services.limits.checkFailedAuth(request.clientIp);
      if (!gate.ok) {
        throw new RateLimitedError(
          "Too many requests with a wrong token from this address",
          gate.retryAfterSeconds,
        );
      }
      await services.limits.failedAuth(request.clientIp);
      throw new ScimError(401, "Missing, invalid or revoked bearer token for this tenant URL");
    }
    principal = authenticated;
    const allowed = await services.limits.perToken(principal.tokenId);
    if (!allowed.ok) {
      throw new RateLimitedError("Too many requests for this token: retry later", allowed.retryAfterSeconds);
    }
    const { tenantId, idpId } = principal;
    const baseUrl = target.provisioningId ? `${services.baseUrl}/${target.provisioningId}` : services.baseUrl;
    const types = async () => typesWith(await services.extensions(tenantId));
    // The SQL client is fetched only by endpoints that need it (discovery does not).
    const context = async (): Promise<ScimContext> => ({
      tenantId,
      idpId,
      baseUrl,
      directoryBaseUrl: services.baseUrl,
      sql: (await services.db()).sql,
      types: await types(),
      hashSecret: services.hashSecret,
      roles: services.roles,
      guard: services.guard !== false,
    });
    outcome = await dispatch(request, target, baseUrl, context, types);
  } catch (error) {
    if (error instanceof ScimError) {
      outcome = errorOutcome(error);
    } else {
      logError("scim", "unexpected error", error);
      outcome = errorOutcome(new ScimError(500, "Internal server error"));
    }
  }
  if (principal) {
    const durationMs = Math.round(performance.now() - started);
    const path = `/${request.segments.filter(Boolean).join("/")}${request.query.size > 0 ? `?${request.query.toString()}` : ""}`;
    const who = { ...principal, userAgent: request.headers.get("user-agent") };
    services.log(logEntry(who, request.method, path, outcome, durationMs));
    for (const r of outcome.related ?? [])
      services.log(logEntry(who, r.method, `${path} ${r.path}`, r.outcome, durationMs));
  }
  return { status: outcome.status, headers: outcome.headers, body: outcome.body };
}

function readJson(request: ScimRequest): unknown {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (request.bodyTooLarge || declared > MAX_BODY_BYTES) {
    throw new ScimError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  if (request.body === null) throw new ScimError(400, "A JSON request body is required", "invalidSyntax");
  scanJson(request.body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body) as unknown;
  } catch {
    throw new ScimError(400, "The request body is not valid JSON", "invalidSyntax");
  }
  return parsed;
}

const NUL_DETAIL = "Text may not contain the NUL character (U+0000)";

/**
 * One pass over a request's JSON text before it is parsed: refuses nesting deeper than
 * MAX_JSON_DEPTH (parsing a megabyte of nested brackets alone holds the event loop for a third of
 * a second) and the escape \u0000 in any string or key (no database stores U+0000 as text; JSON
 * cannot carry it any other way). Cheaper than walking the parsed value.
 */
function scanJson(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) {
        if (text.startsWith("u0000", i + 1)) throw new ScimError(400, NUL_DETAIL, "invalidValue");
        i++; // the escaped character
      } else if (c === 34) {
        inString = false;
      }
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new ScimError(400, `The request nests deeper than ${MAX_JSON_DEPTH} levels`, "invalidSyntax");
      }
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
}

function int(value: string | null | undefined, name: string, fallback: number, max: number): number {
  if (value === null || value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ScimError(400, `"${name}" must be an integer`, "invalidValue");
  if (n > max) throw new ScimError(400, `"${name}" must be at most ${max}`, "invalidValue");
  return n;
}

function listParams(source: Record<string, unknown>): ListParams {
  const str = (key: string) => {
    const v = source[key];
    if (v === undefined || v === null) return null;
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    throw new ScimError(400, `"${key}" must be a string`, "invalidValue");
  };
  const sortOrder = (str("sortOrder") ?? "ascending").toLowerCase();
  if (sortOrder !== "ascending" && sortOrder !== "descending") {
    throw new ScimError(400, `"sortOrder" must be ascending or descending`, "invalidValue");
  }
  const filter = str("filter");
  return {
    filter: filter !== null && filter.trim() !== "" ? filter : null,
    startIndex: Math.max(1, int(str("startIndex"), "startIndex", 1, MAX_START_INDEX)),
    // A count above the maximum is lowered to it (RFC 7644 §3.4.2.4), however large.
    count: Math.max(0, Math.min(int(str("count"), "count", DEFAULT_PAGE_SIZE, Infinity), MAX_RESULTS)),
    sortBy: str("sortBy") || null,
    sortOrder,
    cursor: str("cursor"),
    projection: parseProjection(source.attributes, source.excludedAttributes),
  };
}

function methodNotAllowed(request: ScimRequest): never {
  throw new ScimError(405, `${request.method} is not supported here`);
}

async function dispatch(
  request: ScimRequest,
  target: Route,
  baseUrl: string,
  context: () => Promise<ScimContext>,
  types: () => Promise<TenantTypes>,
): Promise<Outcome> {
  const { method } = request;
  const query = Object.fromEntries(request.query);
  if (
    request.segments.some((x) => x.includes("\u0000")) ||
    Object.values(query).some((v) => v.includes("\u0000"))
  ) {
    throw new ScimError(400, NUL_DETAIL, "invalidValue");
  }
  const discovery = () => {
    if (method !== "GET") methodNotAllowed(request);
    if (query.filter !== undefined) {
      throw new ScimError(403, `Filtering is not supported on /${target.resource} (RFC 7644 §4)`);
    }
  };
  switch (target.resource) {
    case "ServiceProviderConfig":
      discovery();
      return serviceProviderConfig(baseUrl);
    case "Schemas":
      discovery();
      return schemasEndpoint(baseUrl, target.rest, await types());
    case "ResourceTypes":
      discovery();
      return resourceTypesEndpoint(baseUrl, target.rest, await types());
    case "Users":
    case "Groups": {
      const ctx = await context();
      const [id, ...more] = target.rest;
      if (more.length > 0) throw new ScimError(404, "Unknown SCIM endpoint");
      if (id === ".search") {
        if (method !== "POST") methodNotAllowed(request);
        const body = readJson(request);
        if (!isObject(body))
          throw new ScimError(400, "The search request must be a JSON object", "invalidSyntax");
        return handlerFor(target.resource).list(ctx, listParams(body));
      }
      if (id === undefined && method === "GET") {
        return handlerFor(target.resource).list(ctx, listParams(query));
      }
      const body = method === "POST" || method === "PUT" || method === "PATCH" ? readJson(request) : null;
      return operate(ctx, method, target.resource, id ?? null, body, {
        ifMatch: request.headers.get("if-match"),
        ifNoneMatch: request.headers.get("if-none-match"),
        query,
      });
    }
    case "Bulk": {
      if (method !== "POST") methodNotAllowed(request);
      if (target.rest.length > 0) throw new ScimError(404, "Unknown SCIM endpoint");
      return runBulk(await context(), readJson(request));
    }
    case "Me":
      throw new ScimError(
        501,
        "/Me is not supported: Rollcall's SCIM clients are provisioning services, not users",
      );
    default:
      throw new ScimError(404, "Unknown SCIM endpoint");
  }
}
