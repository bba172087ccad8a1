import Link from "next/link";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import { IDP_TYPE_LABELS, type IdpType } from "@/lib/identity-providers/schemas";
import { listIdentityProviders } from "@/lib/identity-providers/service";
import { SetupAddIdpForm } from "./add-idp-form";
import { SetupGate } from "./gate";
import { loadSetup } from "./load";

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const status = await loadSetup(token);
  if (status.state !== "ready") return <SetupGate token={token} status={status} />;
  const { principal } = status;
  const idps = await listIdentityProviders(principal.tenantId);
  return (
    <>
      <PageHeader
        title={`Set up sign-in for ${principal.companyName}`}
        description={`Set-up link for ${principal.label}, valid until ${formatDateTime(principal.expiresAt)}. Connect the company's identity provider: single sign-on and provisioning.`}
      />
      <Card title="Identity providers">
        {idps.length === 0 ? (
          <p className="text-sm text-slate-600">None yet: add the first one below.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="setup-idps">
            {idps.map((idp) => (
              <li key={idp.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <span className="min-w-0">
                  <Link
                    href={`/setup/${token}/${idp.id}`}
                    className="font-medium text-indigo-700 hover:underline"
                  >
                    {idp.displayName}
                  </Link>
                  <span className="block text-sm text-slate-600">
                    {IDP_TYPE_LABELS[idp.type as IdpType] ?? idp.type}
                  </span>
                </span>
                {idp.provisioningEnabled ? (
                  <Badge tone="green">Provisioning on</Badge>
                ) : (
                  <Badge>Provisioning off</Badge>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Add identity provider">
        <SetupAddIdpForm token={token} />
      </Card>
    </>
  );
}
