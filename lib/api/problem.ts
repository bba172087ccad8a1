/**
 * The one shape of every failure of the application API: RFC 9457 problem details, served as
 * `application/problem+json`. `type` is a relative URI naming the kind of problem
 * (`/api/v1/problems/<slug>`, each described there and in the OpenAPI document); `errors` lists
 * field problems (a query or path parameter by name, a body member by JSON pointer).
 */
import { z } from "zod";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const PROBLEMS = {
  "bad-request": {
    status: 400,
    title: "Bad request",
    about: "The request could not be read: malformed JSON, nested too deeply, or a NUL character.",
  },
  unauthorized: {
    status: 401,
    title: "Unauthorized",
    about: "No API key, or one that is unknown or revoked: send `Authorization: Bearer rck_…`.",
  },
  forbidden: {
    status: 403,
    title: "Forbidden",
    about: "The API key lacks the scope this operation requires (named in `detail`).",
  },
  "not-found": {
    status: 404,
    title: "Not found",
    about: "No such endpoint, or no such tenant, user or group.",
  },
  "method-not-allowed": {
    status: 405,
    title: "Method not allowed",
    about: "The endpoint exists but not with this method; `Allow` lists the methods it has.",
  },
  conflict: {
    status: 409,
    title: "Conflict",
    about: "The change conflicts with what exists (e.g. an account with this email already exists).",
  },
  "cursor-expired": {
    status: 410,
    title: "Cursor expired",
    about:
      "Events after this cursor are no longer all kept (retention), or the cursor is not from this installation: resynchronise from the directory API, then follow the events from a new cursor.",
  },
  "payload-too-large": {
    status: 413,
    title: "Payload too large",
    about: "The request body is larger than 64 KiB.",
  },
  "unsupported-media-type": {
    status: 415,
    title: "Unsupported media type",
    about: "Request bodies must be JSON (`Content-Type: application/json`).",
  },
  validation: {
    status: 422,
    title: "Validation failed",
    about: "A parameter or body member is missing or invalid; `errors` lists each.",
  },
  "rate-limited": {
    status: 429,
    title: "Too many requests",
    about:
      "Over the rate limit of this API key (or of wrong keys from this address); retry after `Retry-After` seconds.",
  },
  internal: {
    status: 500,
    title: "Internal error",
    about: "Rollcall failed; the request may be retried. Nothing a client sends causes this.",
  },
} as const;

export type ProblemSlug = keyof typeof PROBLEMS;

export const problemTypeUri = (slug: ProblemSlug) => `/api/v1/problems/${slug}`;

export const fieldErrorSchema = z
  .object({
    detail: z.string(),
    pointer: z.string().optional().describe("A JSON pointer to the body member (`#/name`)"),
    parameter: z.string().optional().describe("The query or path parameter"),
  })
  .describe("One field's problem");

export const problemSchema = z
  .object({
    type: z.string().describe("A relative URI naming the kind of problem: /api/v1/problems/<slug>"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().describe("The path of the request that failed"),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .describe("RFC 9457 problem details: the shape of every error of the API");

export type FieldError = z.infer<typeof fieldErrorSchema>;
export type Problem = z.infer<typeof problemSchema>;

/** A failure to answer with a problem document. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly slug: ProblemSlug,
    detail: string,
    readonly options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEMS[this.slug].status;
  }
}

export function problemBody(
  slug: ProblemSlug,
  detail: string,
  instance: string,
  errors?: FieldError[],
): Problem {
  const { status, title } = PROBLEMS[slug];
  return { type: problemTypeUri(slug), title, status, detail, instance, ...(errors ? { errors } : {}) };
}

/** Field problems from zod issues: body members by JSON pointer, parameters by name. */
type Issue = { path: readonly PropertyKey[]; message: string; keys?: readonly string[] };

export function fieldErrors(issues: readonly Issue[], where: "body" | "parameter"): FieldError[] {
  // An unknown member or parameter is reported under its own name.
  const each = issues.flatMap((issue): Issue[] =>
    issue.keys
      ? issue.keys.map((k) => ({ path: [...issue.path, k], message: "is not a known member or parameter" }))
      : [issue],
  );
  return each.slice(0, 50).map((issue) => {
    const path = issue.path.map(String);
    if (where === "parameter") return { parameter: path[0] ?? "", detail: issue.message };
    const pointer = `#/${path.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
    return { pointer, detail: issue.message };
  });
}
