import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ContinueElsewhere } from "@/components/auth/continue-elsewhere";
import { loadInteraction } from "@/lib/oidc/interactions";
import { isInteractionUid } from "@/lib/oidc/issuer";
import { routeSignIn } from "@/lib/oidc/routing";
import { signInEntryForIdp } from "@/lib/sso/destination";
import { continueToIdentityProviderAction } from "../actions";

export const metadata: Metadata = { title: "Continue to your company's sign-in" };
export const dynamic = "force-dynamic";

type Search = Record<"wait", string | string[] | undefined>;

/**
 * An application asked for an organization whose login host Rollcall cannot vouch for: the page
 * names the host, and continues only when the person asks to (as a company sign-in link does).
 */
export default async function InteractionContinuePage({
  params,
  searchParams,
}: {
  params: Promise<{ uid: string }>;
  searchParams: Promise<Search>;
}) {
  const { uid } = await params;
  const { wait } = await searchParams;
  const interaction = isInteractionUid(uid)
    ? await loadInteraction(uid, (await headers()).get("cookie"))
    : null;
  if (!interaction) {
    return (
      <div className="space-y-3" data-testid="interaction-expired">
        <h1 className="text-xl font-semibold">This sign-in has expired</h1>
        <p className="text-sm text-slate-500">Go back to the application and sign in again.</p>
      </div>
    );
  }
  const route = await routeSignIn(interaction.params, interaction.app);
  const entry = route.kind === "idp" ? await signInEntryForIdp(route.idp.publicId) : null;
  if (!entry) redirect(`/interaction/${encodeURIComponent(uid)}`);
  return (
    <ContinueElsewhere
      companyName={entry.companyName}
      host={entry.host}
      wait={typeof wait === "string" ? wait : undefined}
      action={continueToIdentityProviderAction}
      hidden={{ interaction: uid }}
      emailHref={`/interaction/${encodeURIComponent(uid)}/email`}
    />
  );
}
