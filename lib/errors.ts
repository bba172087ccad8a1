/**
 * The one user-facing error of Rollcall's services: what went wrong (`message`), what kind of
 * problem it is (`code`, and from it the HTTP status), and which fields it is about (`fields`: a
 * message per form field or body member). The portal's server actions turn it into form state
 * (lib/action-state.ts), the application API into a problem document (lib/api/server.ts), the CLI
 * into its error message. Anything else thrown is a bug.
 */
import type { z } from "zod";

export const APP_ERROR_STATUS = {
  invalid: 422,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export type FieldErrors = Record<string, string>;

type Issue = { path: readonly PropertyKey[]; message: string };

export type AppErrorOptions = {
  /** Default "invalid". */
  code?: AppErrorCode;
  /** The one field the message is about. */
  field?: string;
  /** A message per field, when several are wrong at once. */
  fields?: FieldErrors;
};

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: AppErrorCode;
  readonly fields: FieldErrors;

  constructor(message: string, { code = "invalid", field, fields = {} }: AppErrorOptions = {}) {
    super(message);
    this.code = code;
    this.fields = field ? { ...fields, [field]: message } : { ...fields };
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }

  /** Several fields' problems at once; the message lists them, one `field: reason` a line. */
  static invalidFields(fields: FieldErrors): AppError {
    const lines = Object.entries(fields).map(([field, reason]) => `${field}: ${reason}`);
    return new AppError(lines.join("\n"), { fields });
  }

  /** Zod's issues as field errors (the first per top-level field). */
  static fromIssues(issues: readonly Issue[]): AppError {
    const fields = fieldErrors(issues);
    return Object.keys(fields).length > 0
      ? AppError.invalidFields(fields)
      : new AppError(issues[0]?.message ?? "The input is invalid");
  }
}

/** The first message per top-level field of zod's issues. */
export function fieldErrors(issues: readonly Issue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path[0];
    if (typeof key === "string" && !fields[key]) fields[key] = issue.message;
  }
  return fields;
}

/** `schema`'s output for `input`, or an AppError naming each wrong field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw AppError.fromIssues(parsed.error.issues);
  return parsed.data;
}
