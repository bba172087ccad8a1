import Link from "next/link";
import { RoleGate } from "@/components/portal/role-gate";
import { IdpTabs } from "@/components/portal/idp/tabs";
import { buttonClass } from "@/components/ui/button";
import { Badge, Notice, PageHeader } from "@/components/ui/card";
import { IDP_TYPE_LABELS, type IdpType } from "@/lib/identity-providers/schemas";
import { idpFootprint } from "@/lib/provisioning/health";
import { certificateStatus } from "@/lib/x509/certificate";
import { DeleteIdpButton } from "./delete-idp-button";
import { loadIdp } from "./load";

/** The identity provider's header (name, Edit, Delete), what needs doing first, and its tabs. */
export default async function IdpLayout({
  params,
  children,
}: {
  params: Promise<{ id: string }>;
  children: React.ReactNode;
}) {
  const { id } = await params;
  const { admin, idp, type } = await loadIdp(id);
  const footprint = await idpFootprint(admin.tenantId, idp.id);
  const status = certificateStatus(idp);
  const ready =
    type === "oidc"
      ? !!idp.oidcIssuer && !!idp.oidcClientId && idp.hasClientSecret
      : !!idp.certificatePem && !!idp.loginUrl;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {idp.displayName}
            {idp.isDefault ? <Badge tone="indigo">Default</Badge> : null}
          </span>
        }
        description={IDP_TYPE_LABELS[idp.type as IdpType] ?? idp.type}
        actions={
          <RoleGate need="admin">
            <Link href={`/identity-providers/${idp.id}/edit`} className={buttonClass("secondary")}>
              Edit
            </Link>
            <DeleteIdpButton
              id={idp.id}
              name={idp.displayName}
              provisioning={idp.provisioningEnabled}
              users={footprint.users}
              groups={footprint.groups}
              activeTokens={footprint.activeTokens}
            />
          </RoleGate>
        }
      />
      {!ready || (status && (status.state === "expired" || status.state === "expiring")) ? (
        <div className="mb-6 space-y-3">
          {!ready ? (
            <Notice tone="indigo" title="Sign-in is not set up yet">
              {type === "oidc"
                ? "Add the issuer URL, client ID and client secret from your identity provider (Edit) so your users can sign in."
                : "Add the login URL and signing certificate from your identity provider (Single sign-on: import its federation metadata) so your users can sign in."}{" "}
              Provisioning works without them.
            </Notice>
          ) : null}
          {status && (status.state === "expired" || status.state === "expiring") ? (
            <Notice tone={status.state === "expired" ? "red" : "amber"} title="Signing certificate">
              {status.state === "expired"
                ? "The signing certificate has expired. Upload the new certificate from your identity provider."
                : `The signing certificate expires in ${status.daysLeft} days. Add the new one before it does.`}
            </Notice>
          ) : null}
        </div>
      ) : null}
      <IdpTabs idpId={idp.id} />
      <div className="space-y-6">{children}</div>
    </>
  );
}
