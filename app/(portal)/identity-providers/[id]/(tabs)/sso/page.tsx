import type { Metadata } from "next";
import { RoleGate } from "@/components/portal/role-gate";
import { formatDateTime } from "@/lib/format";
import { recheckIntervalMs } from "@/lib/sso/domain-timing";
import { listDomainClaims } from "@/lib/sso/domains";
import { spUrls } from "@/lib/sso/metadata";
import { federationMetadataAction } from "../../../actions";
import { loadIdp } from "../load";
import { MetadataImport, ServiceProviderDetails } from "@/components/portal/idp/sso-details";
import { EmailDomainsPanel, SsoSettingsForm } from "./sso-panel";

export const metadata: Metadata = { title: "Single sign-on · Identity provider" };

export default async function IdpSsoPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { admin, idp, type } = await loadIdp(id);
  const domains = await listDomainClaims(admin.tenantId, idp.id);
  const recheckHours = Math.round((recheckIntervalMs() / 3_600_000) * 100) / 100;
  return (
    <>
      <ServiceProviderDetails type={type} urls={spUrls(idp.provisioningId)} />
      {type === "oidc" ? null : (
        <RoleGate need="admin">
          <MetadataImport read={federationMetadataAction.bind(null, idp.id)} />
        </RoleGate>
      )}
      <RoleGate need="admin" mode="disable">
        <SsoSettingsForm
          idpId={idp.id}
          type={type}
          settings={{
            idpEntityId: idp.idpEntityId ?? "",
            ssoClaim: idp.ssoClaim === "upn" || idp.ssoClaim === "email" ? idp.ssoClaim : "nameId",
            ssoMatch: idp.ssoMatch === "email" ? "email" : "userName",
            jitProvisioning: idp.jitProvisioning,
            emailDomains: domains.map((d) => d.domain).join(", "),
            secondCertificate: idp.certificate2Pem ?? "",
          }}
        />
        <EmailDomainsPanel
          idpId={idp.id}
          domains={domains.map((d) => ({
            domain: d.domain,
            state: d.state,
            recordName: d.recordName,
            recordValue: d.recordValue,
            checkedAt: d.checkedAt ? formatDateTime(d.checkedAt) : null,
            verifiedAt: d.verifiedAt ? formatDateTime(d.verifiedAt) : null,
            checkError: d.checkError,
            routesUntil: d.routesUntil ? formatDateTime(d.routesUntil) : null,
            recheckHours,
          }))}
        />
      </RoleGate>
    </>
  );
}
