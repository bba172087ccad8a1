/**
 * SP-initiated sign-in: redirects the browser to the identity provider with a new request — at
 * once when Rollcall can vouch for the login URL's host (lib/sso/destination.ts); otherwise to a
 * page on /login that names the host and continues only when the person asks to.
 */
import { appUrl } from "@/lib/config";
import { bindBrowser } from "@/lib/sso/browser-binding";
import { isTrustedDestination } from "@/lib/sso/destination";
import { refusalOf, throttleSso, tooManySignIns } from "@/lib/sso/http";
import { findSsoIdp, isSsoReady } from "@/lib/sso/idp";
import { signInRedirect } from "@/lib/sso/service";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ publicId: string }> }) {
  const allowed = await throttleSso(request.headers);
  if (!allowed.ok) return tooManySignIns(allowed.retryAfterSeconds);
  const idp = await findSsoIdp((await params).publicId);
  if (!idp) return new Response("Unknown sign-in link", { status: 404 });
  try {
    if (isSsoReady(idp) && !(await isTrustedDestination(idp))) {
      return new Response(null, {
        status: 303,
        headers: { Location: `${appUrl()}/login?idp=${idp.publicId}`, "Cache-Control": "no-store" },
      });
    }
    const { binding, setCookie } = bindBrowser(request.headers.get("cookie"));
    return new Response(null, {
      status: 302,
      headers: {
        Location: await signInRedirect(idp, { binding }),
        "Cache-Control": "no-store",
        "Set-Cookie": setCookie,
      },
    });
  } catch (error) {
    return refusalOf(error);
  }
}
