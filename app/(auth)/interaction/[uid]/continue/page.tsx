import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ContinueElsewhere } from "@/components/auth/continue-elsewhere";
import { SignInExpired } from "@/components/auth/sign-in-expired";
import { routeSignIn } from "@/lib/oidc/routing";
import { signInEntryForIdp } from "@/lib/sso/destination";
import { continueToIdentityProviderAction } from "../actions";
import { pageInteraction } from "../current";

export const metadata: Metadata = { title: "Continue to your company's sign-in" };
export const dynamic = "force-dynamic";

type Search = Record<"wait", string | string[] | undefined>;

/**
 * An application asked for an organization whose login host Rollcall cannot vouch for: the page
 * names the host, and continues only when the person asks to (as a company sign-in link does).
 */
export default async function InteractionContinuePage(props: {
  params: Promise<{ uid: string }>;
  searchParams: Promise<Search>;
}) {
  const { uid, interaction } = await pageInteraction(props.params);
  const { wait } = await props.searchParams;
  if (!interaction) return <SignInExpired />;
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
