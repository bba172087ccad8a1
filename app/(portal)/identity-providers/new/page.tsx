import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePageRole } from "@/lib/auth/session";
import { IdpForm } from "../idp-form";

export const metadata: Metadata = { title: "Add identity provider" };

export default async function NewIdpPage() {
  await requirePageRole("admin", "/identity-providers");
  return (
    <>
      <PageHeader
        title="Add identity provider"
        description="Connect the identity provider your company signs in with: Microsoft Entra ID over WS-Federation or SAML 2.0, or any OpenID Connect provider (Entra ID, Okta, Google Workspace)."
      />
      <Card>
        <IdpForm id={null} />
      </Card>
    </>
  );
}
