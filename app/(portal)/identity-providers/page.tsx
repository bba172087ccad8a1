import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-button";
import { companySignInUrl } from "@/lib/sso/metadata";
import { RoleGate } from "@/components/portal/role-gate";
import { requireAdmin } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { certificateStatus } from "@/lib/x509/certificate";
import { IDP_TYPE_LABELS, type IdpType } from "@/lib/identity-providers/schemas";
import { listIdentityProviders } from "@/lib/identity-providers/service";
import { CertificateBadge } from "./certificate-badge";

export const metadata: Metadata = { title: "Identity providers" };

export default async function IdentityProvidersPage() {
  const admin = await requireAdmin();
  const idps = await listIdentityProviders(admin.tenantId);
  const ssoReady = idps.some((idp) =>
    idp.type === "oidc" ? idp.oidcIssuer && idp.oidcClientId : idp.loginUrl && idp.certificateSha256,
  );
  const add = (
    <RoleGate need="admin">
      <Link href="/identity-providers/new" className={buttonClass("primary")}>
        Add identity provider
      </Link>
    </RoleGate>
  );
  return (
    <>
      <PageHeader
        title="Identity providers"
        description="Where your users sign in, and where Rollcall receives users and groups from (SCIM provisioning)."
        actions={
          <>
            <Link href="/identity-providers/setup-links" className={buttonClass("secondary")}>
              Set-up links
            </Link>
            {idps.length > 0 ? add : null}
          </>
        }
      />
      {idps.length === 0 ? (
        <EmptyState title="No identity provider yet" action={add}>
          Add Microsoft Entra ID (WS-Federation or SAML 2.0) with its login URL and signing certificate. Then
          enable provisioning to let Entra create your users here.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Name
                </th>
                <th scope="col" className="px-4 py-3">
                  Type
                </th>
                <th scope="col" className="px-4 py-3">
                  Certificate
                </th>
                <th scope="col" className="px-4 py-3">
                  Provisioning
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {idps.map((idp) => (
                <tr key={idp.id} className="hover:bg-slate-50">
                  <td className="px-4 py-3">
                    <Link
                      href={`/identity-providers/${idp.id}`}
                      className="font-medium text-indigo-700 hover:underline"
                    >
                      {idp.displayName}
                    </Link>
                    {idp.isDefault ? (
                      <span className="ml-2">
                        <Badge tone="indigo">Default</Badge>
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-3 text-slate-600">
                    {IDP_TYPE_LABELS[idp.type as IdpType] ?? idp.type}
                  </td>
                  <td className="px-4 py-3">
                    <CertificateBadge status={certificateStatus(idp)} />
                    {idp.certificateNotAfter ? (
                      <span className="ml-2 text-xs text-slate-500">
                        until {formatDate(idp.certificateNotAfter)}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-3">
                    {idp.provisioningEnabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ssoReady ? (
        <div className="mt-6">
          <Card
            title="Your people's sign-in link"
            description="Share it (intranet, Entra's Sign on URL): it sends people to your default identity provider. They can also type their work email at /login once you add your email domains to an identity provider."
          >
            <CopyField
              label="Company sign-in link"
              value={companySignInUrl(admin.tenantId)}
              testId="company-sign-in-url"
              wrap
            />
          </Card>
        </div>
      ) : null}
    </>
  );
}
