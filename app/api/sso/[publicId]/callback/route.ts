/**
 * OpenID Connect redirect URI (decision 0016): the company's issuer sends the browser back here with
 * `code` and `state` (or `error`). The state names a request Rollcall saved (one use); the code is
 * redeemed and the ID token validated (lib/sso/oidc.ts), then the person goes where a SAML or
 * WS-Federation sign-in would: My account, the admin portal, or the application that asked.
 */
import { presentedBinding } from "@/lib/sso/browser-binding";
import { findSsoIdp } from "@/lib/sso/idp";
import { throttleSso, tooManySignIns } from "@/lib/sso/http";
import { signInResponse } from "../../sign-in-response";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ publicId: string }> }) {
  // Anyone can call this; beyond the per-address limit nothing is read, redeemed or recorded.
  const allowed = await throttleSso(request.headers);
  if (!allowed.ok) return tooManySignIns(allowed.retryAfterSeconds);
  const idp = await findSsoIdp((await params).publicId);
  if (!idp || idp.type !== "oidc") return new Response("Unknown sign-in endpoint", { status: 404 });
  const binding = presentedBinding(request.headers.get("cookie"));
  return signInResponse(idp, { callback: new URL(request.url), binding });
}
