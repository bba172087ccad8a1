import { cache } from "react";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getIdentityProvider } from "@/lib/identity-providers/service";

/**
 * The signed-in admin and the identity provider a tab shows (404 for another tenant's): read once
 * per request, by the tabs' layout and the tab alike.
 */
export const loadIdp = cache(async (id: string) => {
  const admin = await requireAdmin();
  const idp = await getIdentityProvider(admin.tenantId, id);
  if (!idp) notFound();
  const type: "saml" | "wsfed" | "oidc" = idp.type === "wsfed" || idp.type === "oidc" ? idp.type : "saml";
  return { admin, idp, type };
});

export type LoadedIdp = Awaited<ReturnType<typeof loadIdp>>;
