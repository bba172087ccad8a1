import { headers } from "next/headers";
import { loadInteraction, type Interaction } from "@/lib/oidc/interactions";
import { isInteractionUid } from "@/lib/oidc/issuer";

/** The interaction this browser holds under `uid` (its cookie comes with the request), or null. */
export async function currentInteraction(uid: string): Promise<Interaction | null> {
  return isInteractionUid(uid) ? loadInteraction(uid, (await headers()).get("cookie")) : null;
}

/** A page's interaction, from its route parameters. */
export async function pageInteraction(
  params: Promise<{ uid: string }>,
): Promise<{ uid: string; interaction: Interaction | null }> {
  const { uid } = await params;
  return { uid, interaction: await currentInteraction(uid) };
}
