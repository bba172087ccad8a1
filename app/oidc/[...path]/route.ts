/**
 * The OpenID Provider's endpoints (authorization, token, userinfo, JWKS, end session, revocation),
 * answered by oidc-provider through lib/oidc/http.ts; errors are the protocol's own (OAuth error
 * JSON, or a redirect to the application with `error`).
 */
import { forwardToProvider } from "@/lib/oidc/http";

export const dynamic = "force-dynamic";

export const GET = forwardToProvider;
export const POST = forwardToProvider;
export const OPTIONS = forwardToProvider;
export const HEAD = forwardToProvider;
