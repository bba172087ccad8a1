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
  /** The cookies the answer sets (a sign-in's session cookie). */
  setCookies: string[];
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
  return { status: res.status, text, redirect, value, setCookies: res.headers.getSetCookie() };
}

/**
 * Calls a form's server action as React does for `useActionState(action)`: the action receives
 * the previous state and the form's FormData, encoded as React's reply (a multipart body: the
 * FormData's fields as parts "_1_<name>", then part "0", the argument list). Strings in `state`
 * must not start with "$" (React would escape them).
 */
export async function callFormAction(
  baseUrl: string,
  exportedName: string,
  state: unknown,
  fields: Record<string, string | string[]>,
  {
    cookie,
    page: pagePath,
    headers: extra = {},
  }: { cookie?: string; page?: string; headers?: Record<string, string> } = {},
): Promise<ActionReply> {
  const found = serverAction(exportedName);
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(`_1_${name}`, v);
  }
  // Last, as React sends it: the server reads the argument list as soon as this part arrives.
  form.append("0", JSON.stringify([state, "$K1"]));
  // Serialised first, so the request declares its length (proxy.ts refuses actions that do not).
  const encoded = new Response(form);
  const body = await encoded.arrayBuffer();
  const headers: Record<string, string> = {
    "Next-Action": found.id,
    "Content-Type": encoded.headers.get("content-type")!,
    Accept: "text/x-component",
    Origin: baseUrl,
    ...(cookie ? { Cookie: cookie } : {}),
    ...extra,
  };
  const res = await fetch(`${baseUrl}${pagePath ?? found.page}`, {
    method: "POST",
    headers,
    body,
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
  return { status: res.status, text, redirect, value, setCookies: res.headers.getSetCookie() };
}
