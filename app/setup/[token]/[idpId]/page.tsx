import Link from "next/link";
import { notFound } from "next/navigation";
import { ProvisioningPanel } from "@/components/portal/idp/provisioning-panel";
import { tokenViews } from "@/components/portal/idp/token-views";
import { PageHeader } from "@/components/ui/card";
import { IDP_TYPE_LABELS, type IdpType } from "@/lib/identity-providers/schemas";
import { getIdentityProvider } from "@/lib/identity-providers/service";
import { defaultTokenName, listTokens, MAX_ACTIVE_TOKENS, tenantUrl } from "@/lib/provisioning/service";
import { spUrls } from "@/lib/sso/metadata";
import { MetadataImport, ServiceProviderDetails } from "@/components/portal/idp/sso-details";
import {
  setupDisableProvisioningAction,
  setupEnableProvisioningAction,
  setupGenerateTokenAction,
  setupMetadataAction,
  setupRevokeTokenAction,
} from "../actions";
import { SetupGate } from "../gate";
import { loadSetup } from "../load";

/** One identity provider through a set-up link: what to paste at the IdP, its metadata, provisioning. */
export default async function SetupIdpPage({
  params,
}: {
  params: Promise<{ token: string; idpId: string }>;
}) {
  const { token, idpId } = await params;
  const status = await loadSetup(token);
  if (status.state !== "ready") return <SetupGate token={token} status={status} />;
  const idp = await getIdentityProvider(status.principal.tenantId, idpId);
  if (!idp || idp.type === "oidc") notFound();
  const type = idp.type === "wsfed" ? "wsfed" : "saml";
  const tokens = await listTokens(status.principal.tenantId, idp.id);
  return (
    <>
      <p>
        <Link href={`/setup/${token}`} className="text-sm font-medium text-indigo-700 hover:underline">
          ← All identity providers of {status.principal.companyName}
        </Link>
      </p>
      <PageHeader title={idp.displayName} description={IDP_TYPE_LABELS[idp.type as IdpType] ?? idp.type} />
      <ServiceProviderDetails type={type} urls={spUrls(idp.provisioningId)} />
      <MetadataImport read={setupMetadataAction.bind(null, token, idp.id)} />
      <ProvisioningPanel
        actions={{
          enable: setupEnableProvisioningAction.bind(null, token, idp.id),
          generate: setupGenerateTokenAction.bind(null, token, idp.id),
          revoke: setupRevokeTokenAction.bind(null, token, idp.id),
          disable: setupDisableProvisioningAction.bind(null, token, idp.id),
        }}
        enabled={idp.provisioningEnabled}
        tenantUrl={tenantUrl(idp.provisioningId)}
        maxActive={MAX_ACTIVE_TOKENS}
        nextTokenName={defaultTokenName(idp.displayName, tokens.length + 1)}
        tokens={tokenViews(tokens)}
      />
    </>
  );
}
