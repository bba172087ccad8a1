/**
 * Calls a Next.js server action over plain HTTP, as the browser does: a POST to a page that uses
 * the action, with the action's id (from the build's server-reference manifest) in `Next-Action`
 * and the arguments as a JSON array. The action's return value is the "1:" row of the answer.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

type ManifestEntry = { workers: Record<string, unknown>; exportedName?: string; filename?: string };

let manifest: Record<string, ManifestEntry> | undefined;

function entries(): Record<string, ManifestEntry> {
  manifest ??= (
    JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, ManifestEntry>;
    }
  ).node;
  return manifest;
}

/** The id of an exported server action and a page path that serves it. */
export function serverAction(exportedName: string, file?: string): { id: string; page: string } {
  for (const [id, entry] of Object.entries(entries())) {
    if (entry.exportedName !== exportedName) continue;
    if (file && entry.filename !== file) continue;
    const workers = Object.keys(entry.workers);
    const worker = workers.find((w) => !w.includes("[")) ?? workers[0];
    if (!worker) continue;
    const page =
      worker
        .replace(/^app/, "")
        .replace(/\/\([^)]+\)/g, "")
        .replace(/\/page$/, "") || "/";
    return { id, page };
  }
  throw new Error(`no server action ${exportedName} in the build`);
}

export type ActionReply = {
  status: number;
  text: string;
  /** Where the action redirected the browser (`redirect()` in the action), or null. */
  redirect: string | null;
  /** The action's return value (undefined when it redirected or failed). */
  value: unknown;
};

export async function callAction(
  baseUrl: string,
  exportedName: string,
  args: unknown[],
  {
    cookie,
    origin = baseUrl,
    body,
    file,
    page: pagePath,
    headers: extra = {},
  }: {
    cookie?: string;
    /** The Origin header; null sends none. */
    origin?: string | null;
    /** A raw body instead of the JSON arguments. */
    body?: string;
    file?: string;
    /** The page to post to, for actions only used on dynamic pages (`/invite/<token>`). */
    page?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ActionReply> {
  const found = serverAction(exportedName, file);
  const id = found.id;
  const page = pagePath ?? found.page;
  const headers: Record<string, string> = {
    "Next-Action": id,
    "Content-Type": "text/plain;charset=UTF-8",
    Accept: "text/x-component",
  };
  if (cookie) headers.Cookie = cookie;
  if (origin) headers.Origin = origin;
  Object.assign(headers, extra);
  const res = await fetch(`${baseUrl}${page}`, {
    method: "POST",
    headers,
    body: body ?? JSON.stringify(args),
    redirect: "manual",
  });
  const text = await res.text();
  const redirect = res.headers.get("x-action-redirect") ?? res.headers.get("location");
  const row = redirect ? undefined : text.split("\n").find((line) => line.startsWith("1:"));
  let value: unknown;
  try {
    value = row ? JSON.parse(row.slice(2)) : undefined;
  } catch {
    value = undefined;
  }
  return { status: res.status, text, redirect, value };
}
