import type { Dialect } from "./sql";
import { env } from "@/lib/env";

export type DatabaseConfig =
  | { dialect: Extract<Dialect, "sqlite">; file: string; url: string }
  | { dialect: Extract<Dialect, "postgres">; url: string };

/** `file:<path>` (default `file:./data/rollcall.db`) or `postgres(ql)://…`. */
export function databaseConfig(url = env().DATABASE_URL): DatabaseConfig {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: "postgres", url };
  if (url.startsWith("file:")) return { dialect: "sqlite", file: url.slice("file:".length), url };
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got "${url.split(":")[0]}:…")`);
}
