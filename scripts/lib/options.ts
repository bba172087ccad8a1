/** What the CLI's command modules share for reading their options. */
import { AppError } from "@/lib/errors";

/** The value of a required `--name` option (an AppError naming it when missing or blank). */
export function option(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "")
    throw new AppError(`--${name} is required`, { field: name });
  return value;
}

/** What a command prints: one JSON object with --json, `key: value` lines otherwise. */
export type Output = Record<string, unknown>;
