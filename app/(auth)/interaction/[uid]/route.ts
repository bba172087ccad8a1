/**
 * Where oidc-provider sends the browser when an application's sign-in needs the person: Rollcall
 * finds their company (the request's organization or login_hint, else it asks for the work email)
 * and starts that tenant's single sign-on with this interaction as its return target. A consent
 * prompt is answered at once: applications are the operator's own (first-party).
 */
import { throttleSso, tooManySignIns } from "@/lib/sso/http";
import { SsoRefusal } from "@/lib/sso/errors";
import { grantConsent, loadInteraction, refuseInteraction, startSignIn } from "@/lib/oidc/interactions";
import { interactionPath, isInteractionUid, oidcIssuer } from "@/lib/oidc/issuer";
import { expiredInteraction } from "@/lib/oidc/pages";
import { routeSignIn } from "@/lib/oidc/routing";

export const dynamic = "force-dynamic";

function seeOther(location: string | null): Response {
  if (!location) return expiredInteraction();
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}

export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const cookie = request.headers.get("cookie");
  const interaction = isInteractionUid(uid) ? await loadInteraction(uid, cookie) : null;
  if (!interaction) return expiredInteraction();
  if (interaction.prompt === "consent") return seeOther(await grantConsent(interaction, cookie));
  if (interaction.prompt !== "login") {
    return seeOther(await refuseInteraction(uid, cookie, "interaction_required", "unsupported prompt"));
  }
  const route = await routeSignIn(interaction.params, interaction.app);
  const page = `${oidcIssuer()}${interactionPath(uid)}`;
  if (route.kind === "refuse") {
    return seeOther(await refuseInteraction(uid, cookie, "access_denied", route.description));
  }
  if (route.kind === "ask") {
    const query = new URLSearchParams();
    if (route.notice) query.set("notice", route.notice);
    if (route.hint) query.set("email", route.hint.slice(0, 320));
    return seeOther(`${page}/email${query.size ? `?${query}` : ""}`);
  }
  if (!route.trusted) return seeOther(`${page}/continue`);
  const allowed = await throttleSso(request.headers);
  if (!allowed.ok) return tooManySignIns(allowed.retryAfterSeconds);
  try {
    return seeOther(await startSignIn(interaction, route.idp));
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    return seeOther(await refuseInteraction(uid, cookie, "access_denied", "single sign-on is not set up"));
  }
}
