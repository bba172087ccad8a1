/** SP-initiated sign-in: redirects the browser to the identity provider with a new request. */
import { findSsoIdp } from "@/lib/sso/idp";
import { refusalOf } from "@/lib/sso/http";
import { signInRedirect } from "@/lib/sso/service";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ publicId: string }> }) {
  const idp = await findSsoIdp((await params).publicId);
  if (!idp) return new Response("Unknown sign-in link", { status: 404 });
  try {
    return new Response(null, {
      status: 302,
      headers: { Location: await signInRedirect(idp), "Cache-Control": "no-store" },
    });
  } catch (error) {
    return refusalOf(error);
  }
}
