/**
 * The browser's answer once the identity provider's answer is verified, the same for every protocol
 * (the SAML / WS-Federation assertion consumer endpoint, the OpenID Connect callback): My account,
 * the admin portal, or back to the application that asked (lib/oidc hand-off) — and for a refusal,
 * the page that says why, or the application told `access_denied`.
 */
import { handOff } from "@/lib/oidc/interactions";
import { REFUSAL_MESSAGES, SsoRefusal } from "@/lib/sso/errors";
import { adminSignedInRedirect, refusalOf, signedInRedirect } from "@/lib/sso/http";
import type { SsoIdp } from "@/lib/sso/idp";
import { completeSignIn, type IdpAnswer } from "@/lib/sso/service";

export async function signInResponse(idp: SsoIdp, answer: IdpAnswer): Promise<Response> {
  try {
    const signedIn = await completeSignIn(idp, answer);
    if (signedIn.kind === "application") {
      return seeOther(await handOff(signedIn.interaction, { ...signedIn, kind: "signed-in" }));
    }
    return signedIn.kind === "admin"
      ? await adminSignedInRedirect(signedIn.admin)
      : signedInRedirect(signedIn.sessionToken);
  } catch (error) {
    // A sign-in an application asked for: the application is told (access_denied), not My account.
    if (error instanceof SsoRefusal && error.returnTo) {
      const description = REFUSAL_MESSAGES[error.code].title;
      return seeOther(await handOff(error.returnTo.interaction, { kind: "refused", description }));
    }
    return refusalOf(error);
  }
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
