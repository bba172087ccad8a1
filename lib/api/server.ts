/**
 * Serves the application API (/api/v1) from the route declarations: match the path (404) and the
 * method (405), authenticate the API key (401; wrong keys limited per address), limit per key
 * (429), check the scope (403), validate parameters, query and body with the route's schemas
 * (400/413/415/422), run the handler, answer JSON. Every failure is a problem document
 * (./problem.ts); an unexpected error is a 500 that is logged, never a client's fault.
 */
import { z } from "zod";
import { authenticateApiKey, type ApiPrincipal } from "@/lib/api-keys/service";
import { AppError } from "@/lib/errors";
import { logError } from "@/lib/log";
import { API_SECURITY_HEADERS } from "@/lib/security/headers";
import { clientIp, limits, rateLimiter } from "@/lib/security/rate-limit";
import { readJsonBody } from "./body";
import {
  ApiError,
  fieldErrors,
  problemBody,
  PROBLEM_CONTENT_TYPE,
  PROBLEMS,
  type ProblemSlug,
} from "./problem";
import type { Method, Route } from "./route";

export const API_PREFIX = "/api/v1";

/** A route without query parameters refuses any, as the others refuse unknown ones. */
const NO_QUERY = z.strictObject({});

type Compiled = { route: Route; parts: (string | { param: string })[] };

function compile(routes: readonly Route[]): Compiled[] {
  return routes.map((route) => ({
    route,
    parts: route.path
      .split("/")
      .filter(Boolean)
      .map((p) => (/^\{\w+\}$/.test(p) ? { param: p.slice(1, -1) } : p)),
  }));
}

function match(c: Compiled, segments: string[]): Record<string, string> | null {
  if (c.parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const part = c.parts[i]!;
    if (typeof part === "string") {
      if (part !== segments[i]) return null;
    } else {
      params[part.param] = segments[i]!;
    }
  }
  return params;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: {
      ...API_SECURITY_HEADERS,
      ...(body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
      ...headers,
    },
  });
}

function problem(error: ApiError, instance: string): Response {
  const body = problemBody(error.slug, error.message, instance, error.options.errors);
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { ...API_SECURITY_HEADERS, "Content-Type": PROBLEM_CONTENT_TYPE, ...error.options.headers },
  });
}

/** The kind of problem of each status: an AppError's is the one of its code's status. */
const PROBLEM_OF_STATUS = new Map(
  (Object.keys(PROBLEMS) as ProblemSlug[]).map((slug) => [PROBLEMS[slug].status as number, slug]),
);

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AppError) {
    const fields = Object.entries(error.fields);
    const errors =
      error.code === "invalid" && fields.length > 0
        ? fields.map(([field, detail]) => ({ pointer: `#/${field}`, detail }))
        : undefined;
    return new ApiError(PROBLEM_OF_STATUS.get(error.status)!, error.message, { errors });
  }
  logError("api", "unexpected error", error);
  return new ApiError("internal", "Rollcall could not complete the request; it may be retried");
}

function validate<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: "body" | "parameter",
): z.output<S> {
  if (!schema) return {} as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiError(
    "validation",
    where === "body" ? "The request body is invalid" : "A parameter is invalid",
    {
      errors: fieldErrors(result.error.issues, where),
    },
  );
}

function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of query) {
    if (Object.hasOwn(out, name)) {
      throw new ApiError("validation", "A parameter is given more than once", {
        errors: [{ parameter: name, detail: "given more than once" }],
      });
    }
    out[name] = value;
  }
  return out;
}

function bearer(authorization: string | null): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? null;
}

async function authenticate(request: Request, route: Route): Promise<ApiPrincipal> {
  const ip = clientIp(request.headers);
  const key = await authenticateApiKey(bearer(request.headers.get("authorization")));
  if (!key) {
    // Wrong keys are limited per address; a valid key is never held back by someone else's.
    const gate = await rateLimiter().check(`api-auth:${ip}`, limits().apiFailedAuthPerIp);
    if (!gate.ok) {
      throw new ApiError("rate-limited", "Too many requests with a wrong API key from this address", {
        headers: { "Retry-After": String(gate.retryAfterSeconds) },
      });
    }
    await rateLimiter().add(`api-auth:${ip}`, limits().apiFailedAuthPerIp);
    throw new ApiError("unauthorized", "Send a valid API key: Authorization: Bearer rck_…", {
      headers: { "WWW-Authenticate": 'Bearer realm="rollcall"' },
    });
  }
  const allowed = await rateLimiter().hit(`api-key:${key.keyId}`, limits().apiPerKey);
  if (!allowed.ok) {
    throw new ApiError("rate-limited", "Too many requests for this API key: retry later", {
      headers: { "Retry-After": String(allowed.retryAfterSeconds) },
    });
  }
  if (route.scope !== null && !key.scopes.has(route.scope)) {
    throw new ApiError("forbidden", `This API key does not have the scope ${route.scope}`);
  }
  return key;
}

async function run(
  request: Request,
  route: Route,
  rawParams: Record<string, string>,
  url: URL,
): Promise<Response> {
  const key = route.scope === null ? null : await authenticate(request, route);
  const params = validate(route.params, rawParams, "parameter");
  const query = validate(route.query ?? NO_QUERY, queryObject(url.searchParams), "parameter");
  const body = route.body ? validate(route.body, await readJsonBody(request), "body") : {};
  const result = await route.handler({ params, query, body, key });
  const response = route.response;
  if (response.status === 204) return json(204, undefined);
  const headers: Record<string, string> = response.location ? { Location: response.location(result) } : {};
  return json(response.status, result, headers);
}

/** Answers one request to /api/v1/<segments>. */
export function apiHandler(routes: readonly Route[]) {
  const compiled = compile(routes);
  return async (request: Request, segments: string[]): Promise<Response> => {
    const url = new URL(request.url);
    const parts = segments.filter((s) => s.length > 0);
    const instance = `${API_PREFIX}/${parts.map(encodeURIComponent).join("/")}`;
    try {
      const candidates = compiled.flatMap((c) => {
        const params = match(c, parts);
        return params ? [{ route: c.route, params }] : [];
      });
      if (candidates.length === 0) throw new ApiError("not-found", "There is no such endpoint");
      const chosen = candidates.find((c) => c.route.method === (request.method as Method));
      if (!chosen) {
        const allow = [...new Set(candidates.map((c) => c.route.method))].join(", ");
        if (request.method === "OPTIONS") return json(204, undefined, { Allow: allow });
        throw new ApiError("method-not-allowed", `${request.method} is not supported here`, {
          headers: { Allow: allow },
        });
      }
      return await run(request, chosen.route, chosen.params, url);
    } catch (error) {
      return problem(asApiError(error), instance);
    }
  };
}
