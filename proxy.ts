/**
 * Runs before every page, server action and next-auth request (not the SCIM and health APIs, not
 * static files: see `config.matcher`): a fresh CSP nonce per request (lib/security/csp.ts), in the
 * request's policy (Next.js applies it to its scripts) and the response's.
 */
import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pageContentSecurityPolicy } from "@/lib/security/csp";

export function proxy(request: NextRequest): NextResponse {
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
  matcher: ["/((?!api/scim|api/health|_next/static|_next/image|favicon\\.ico).*)"],
};
