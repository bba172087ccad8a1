import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/lib/auth/session";
import { getIdentityProvider } from "@/lib/identity-providers/service";
import { DEFAULT_GROUPS_CLAIM, DEFAULT_OIDC_SCOPES } from "@/lib/sso/choices";
import { IdpForm } from "../../idp-form";

export const metadata: Metadata = { title: "Edit identity provider" };

export default async function EditIdpPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requirePageRole("admin", `/identity-providers/${encodeURIComponent(id)}`);
  const idp = await getIdentityProvider(admin.tenantId, id);
  if (!idp) notFound();
  return (
    <>
      <PageHeader title={`Edit ${idp.displayName}`} />
      <Card>
        <IdpForm
          id={idp.id}
          initial={{
            displayName: idp.displayName,
            type: idp.type === "saml" || idp.type === "oidc" ? idp.type : "wsfed",
            loginUrl: idp.loginUrl ?? "",
            certificate: idp.certificatePem ?? "",
            isDefault: idp.isDefault,
            hasToken: idp.hasToken,
            oidc: {
              issuer: idp.oidcIssuer ?? "",
              clientId: idp.oidcClientId ?? "",
              hasClientSecret: idp.hasClientSecret,
              scopes: idp.oidcScopes ?? DEFAULT_OIDC_SCOPES,
              claim:
                idp.oidcClaim === "preferred_username" || idp.oidcClaim === "sub" ? idp.oidcClaim : "email",
              groupsClaim: idp.oidcGroupsClaim ?? DEFAULT_GROUPS_CLAIM,
            },
          }}
        />
      </Card>
    </>
  );
}
