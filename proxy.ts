/**
 * Runs before every page, server action and next-auth request (not the SCIM, health and
 * application (/api/v1) APIs, not the OpenID Provider's endpoints — /oidc/ and /.well-known/, whose
 * answers carry the provider's own policy (lib/oidc/provider.ts) — not static files: see
 * `config.matcher`):
 *
 * - a fresh CSP nonce per request (lib/security/csp.ts), in the request's policy (Next.js applies
 *   it to its scripts) and the response's;
 * - server actions: refused with 403 from another origin (Next.js itself would answer 500) and with
 *   413 above the 1 MB body limit (411 when the size is not declared; browsers always declare it).
 */
import { NextResponse, type NextRequest } from "next/server";
import { appUrl } from "@/lib/config";
import { newNonce, pageContentSecurityPolicy } from "@/lib/security/csp";

/** Next.js's default server action body limit (serverActions.bodySizeLimit, "1mb"). */
const ACTION_BODY_LIMIT = 1024 * 1024;

function refuse(status: number, message: string): NextResponse {
  return new NextResponse(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

function checkServerAction(request: NextRequest): NextResponse | null {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const from = hostOf(origin);
    const allowed = [hostOf(appUrl()), request.headers.get("host")?.toLowerCase() ?? null];
    if (!from || !allowed.includes(from))
      return refuse(403, "Server actions are only accepted from this site");
  }
  const length = request.headers.get("content-length");
  if (length === null) return refuse(411, "A server action must declare its body size");
  if (!/^\d+$/.test(length) || Number(length) > ACTION_BODY_LIMIT) {
    return refuse(413, "The request body is larger than 1 MB");
  }
  return null;
}

export function proxy(request: NextRequest): NextResponse {
  if (request.method === "POST" && request.headers.has("next-action")) {
    const refused = checkServerAction(request);
    if (refused) return refused;
  }
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    "/((?!api/scim|api/health|api/v1/|oidc/|\\.well-known/|_next/static|_next/image|favicon\\.ico).*)",
  ],
};
