/**
 * next-auth's `callbackUrl` (query, form body, or its callback-url cookie). next-auth answers one
 * that does not parse as a URL with a 500 and writes it to the log unescaped; Rollcall refuses it
 * first with a 400, and never redirects anywhere but its own origin.
 */
import { escapeForLog } from "@/lib/log";
import { clearCookieHeader, cookieName } from "@/lib/security/cookies";

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A path on this site or an http(s) URL, with no control characters. */
export function isValidCallbackUrl(value: string, baseUrl: string): boolean {
  if (CONTROL.test(value) || value.length > 2048) return false;
  try {
    const url = new URL(value, value.startsWith("/") ? baseUrl : undefined);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Where next-auth may send the browser: a path or URL on this origin, else the base URL. */
export function safeRedirect(url: string, baseUrl: string): string {
  if (!isValidCallbackUrl(url, baseUrl)) return baseUrl;
  try {
    const base = new URL(baseUrl);
    const target = new URL(url, baseUrl);
    return target.origin === base.origin ? target.toString() : baseUrl;
  } catch {
    return baseUrl;
  }
}

function refusal(where: string, value: unknown, { clearCookie = false } = {}): Response {
  const shown = typeof value === "string" ? value : (JSON.stringify(value) ?? typeof value);
  console.warn(`auth: refused a callbackUrl (${where}) that is not a URL: ${escapeForLog(shown, 200)}`);
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (clearCookie) headers.append("Set-Cookie", clearCookieHeader("authCallbackUrl"));
  return Response.json(
    { error: "InvalidCallbackUrl", message: "callbackUrl must be a path on this site or an http(s) URL" },
    { status: 400, headers },
  );
}

/**
 * A 400 for a request to next-auth whose callbackUrl it could not handle (or whose body it could
 * not read), or null to pass the request on.
 */
export async function refuseBadCallbackUrl(request: Request, baseUrl: string): Promise<Response | null> {
  const url = new URL(request.url);
  for (const value of url.searchParams.getAll("callbackUrl")) {
    if (!isValidCallbackUrl(value, baseUrl)) return refusal("query", value);
  }
  const callbackCookie = cookieName("authCallbackUrl");
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== callbackCookie) continue;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      return refusal("cookie", value, { clearCookie: true });
    }
    if (value && !isValidCallbackUrl(value, baseUrl)) return refusal("cookie", value, { clearCookie: true });
  }
  if (request.method !== "POST" || !request.body) return null;
  const type = request.headers.get("content-type") ?? "";
  let body: unknown;
  try {
    if (type.includes("application/json")) body = await request.clone().json();
    else if (type.includes("application/x-www-form-urlencoded"))
      body = Object.fromEntries(new URLSearchParams(await request.clone().text()));
    else return null;
  } catch {
    return Response.json(
      { error: "InvalidBody", message: "The request body could not be read" },
      { status: 400 },
    );
  }
  if (typeof body !== "object" || body === null) {
    return Response.json(
      { error: "InvalidBody", message: "The request body must be an object" },
      { status: 400 },
    );
  }
  const value = (body as Record<string, unknown>).callbackUrl;
  if (value === undefined) return null;
  if (typeof value !== "string" || !isValidCallbackUrl(value, baseUrl)) return refusal("body", value);
  return null;
}
