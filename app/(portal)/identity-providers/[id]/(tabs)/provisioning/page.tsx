import type { Metadata } from "next";
import { RoleGate } from "@/components/portal/role-gate";
import Link from "next/link";
import { ProvisioningPanel } from "@/components/portal/idp/provisioning-panel";
import { tokenViews } from "@/components/portal/idp/token-views";
import { Notice } from "@/components/ui/card";
import { defaultTokenName, listTokens, MAX_ACTIVE_TOKENS, tenantUrl } from "@/lib/provisioning/service";
import {
  disableProvisioningAction,
  enableProvisioningAction,
  generateTokenAction,
  revokeTokenAction,
} from "../../../actions";
import { loadIdp } from "../load";

export const metadata: Metadata = { title: "Provisioning · Identity provider" };

export default async function IdpProvisioningPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { admin, idp } = await loadIdp(id);
  if (admin.adminView !== "advanced") {
    return (
      <Notice tone="indigo" title="Provisioning">
        Provisioning (SCIM) is set up in the Advanced administrator view.{" "}
        <Link href="/settings/profile" className="font-semibold underline">
          Switch in Profile settings
        </Link>
        .
      </Notice>
    );
  }
  const tokens = await listTokens(admin.tenantId, idp.id);
  return (
    <RoleGate need="admin" mode="disable">
      <ProvisioningPanel
        actions={{
          enable: enableProvisioningAction.bind(null, idp.id),
          generate: generateTokenAction.bind(null, idp.id),
          revoke: revokeTokenAction.bind(null, idp.id),
          disable: disableProvisioningAction.bind(null, idp.id),
        }}
        enabled={idp.provisioningEnabled}
        tenantUrl={tenantUrl(idp.provisioningId)}
        maxActive={MAX_ACTIVE_TOKENS}
        nextTokenName={defaultTokenName(idp.displayName, tokens.length + 1)}
        tokens={tokenViews(tokens)}
      />
    </RoleGate>
  );
}
