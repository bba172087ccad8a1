import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import { defaultTokenName, listTokens, MAX_ACTIVE_TOKENS, tenantUrl } from "@/lib/provisioning/service";
import { loadIdp } from "../load";
import { ProvisioningPanel } from "./provisioning-panel";

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
    <ProvisioningPanel
      idpId={idp.id}
      enabled={idp.provisioningEnabled}
      tenantUrl={tenantUrl(idp.provisioningId)}
      maxActive={MAX_ACTIVE_TOKENS}
      nextTokenName={defaultTokenName(idp.displayName, tokens.length + 1)}
      tokens={tokens.map((t) => ({
        id: t.id,
        name: t.name || t.hint,
        hint: t.hint,
        createdAt: formatDateTime(t.createdAt),
        lastUsed: t.lastUsedAt
          ? `${formatDateTime(t.lastUsedAt)}${t.lastUsedIp ? ` from ${t.lastUsedIp}` : ""}`
          : "Never",
        expiresAt: t.expiresAt ? formatDateTime(t.expiresAt) : null,
        state: t.state,
        revokedAt: t.revokedAt ? formatDateTime(t.revokedAt) : null,
        isNew: t.isNew,
      }))}
    />
  );
}
