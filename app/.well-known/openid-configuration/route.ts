/** OpenID Connect Discovery for Rollcall's OpenID Provider (its issuer is OIDC_ISSUER or APP_URL). */
import { forwardToProvider } from "@/lib/oidc/http";

export const dynamic = "force-dynamic";

export const GET = forwardToProvider;
export const OPTIONS = forwardToProvider;
