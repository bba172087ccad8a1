/**
 * The identity provider's response has verified (at the assertion consumer endpoint): the browser
 * that carried it comes here with the one-time hand-off token, and — holding the interaction's
 * cookie too — the interaction is finished and the provider resumes the application's request.
 */
import { finishSignIn } from "@/lib/oidc/interactions";
import { isInteractionUid } from "@/lib/oidc/issuer";
import { expiredInteraction } from "@/lib/oidc/pages";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const token = new URL(request.url).searchParams.get("handoff") ?? "";
  const resume =
    isInteractionUid(uid) && token ? await finishSignIn(uid, request.headers.get("cookie"), token) : null;
  if (!resume) return expiredInteraction();
  return new Response(null, { status: 303, headers: { Location: resume, "Cache-Control": "no-store" } });
}
