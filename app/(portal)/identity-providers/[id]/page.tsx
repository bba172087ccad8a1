import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { Badge, Card, Notice, PageHeader } from "@/components/ui/card";
import { RoleGate } from "@/components/portal/role-gate";
import { requireAdmin } from "@/lib/auth/session";
import { formatDateTime, formatThumbprint } from "@/lib/format";
import { certificateStatus } from "@/lib/x509/certificate";
import { IDP_TYPE_LABELS, WSFED_TYPE_LABELS, type IdpType } from "@/lib/identity-providers/schemas";
import { getIdentityProvider } from "@/lib/identity-providers/service";
import { listTokens, MAX_ACTIVE_TOKENS, tenantUrl } from "@/lib/provisioning/service";
import { CertificateBadge } from "../certificate-badge";
import { DeleteIdpButton } from "./delete-idp-button";
import { ProvisioningPanel } from "./provisioning-panel";
import { EmailDomainsPanel, MetadataImport, ServiceProviderDetails, SsoSettingsForm } from "./sso-panel";
import { recheckIntervalMs } from "@/lib/sso/domain-timing";
import { listDomainClaims } from "@/lib/sso/domains";
import { DEFAULT_GROUPS_CLAIM, DEFAULT_OIDC_SCOPES } from "@/lib/sso/choices";
import { spUrls } from "@/lib/sso/metadata";
import { listSsoEvents } from "@/lib/sso/store";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Identity provider" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[11rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

export default async function IdentityProviderPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const { id } = await params;
  const idp = await getIdentityProvider(admin.tenantId, id);
  if (!idp) notFound();
  const status = certificateStatus(idp);
  const tokens = admin.adminView === "advanced" ? await listTokens(admin.tenantId, idp.id) : [];
  const key = { tenantId: admin.tenantId, idpId: idp.id };
  const [domains, events] = await Promise.all([listDomainClaims(admin.tenantId, idp.id), listSsoEvents(key)]);
  const recheckHours = Math.round((recheckIntervalMs() / 3_600_000) * 100) / 100;
  const type = idp.type === "wsfed" || idp.type === "oidc" ? idp.type : "saml";
  const oidc = type === "oidc";
  const ready = oidc
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
          <>
            <Link href={`/identity-providers/${idp.id}/health`} className={buttonClass("secondary")}>
              Health
            </Link>
            <RoleGate need="admin">
              <Link href={`/identity-providers/${idp.id}/edit`} className={buttonClass("secondary")}>
                Edit
              </Link>
              <DeleteIdpButton id={idp.id} name={idp.displayName} provisioning={idp.provisioningEnabled} />
            </RoleGate>
          </>
        }
      />
      <div className="space-y-6">
        {!ready ? (
          <Notice tone="indigo" title="Sign-in is not set up yet">
            {oidc
              ? "Add the issuer URL, client ID and client secret from your identity provider (Edit) so your users can sign in."
              : "Add the login URL and signing certificate from your identity provider so your users can sign in."}{" "}
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
        <Card title="Sign-in settings">
          <dl className="divide-y divide-slate-100">
            <Row label="Provider type">
              {IDP_TYPE_LABELS[idp.type as IdpType] ?? idp.type}
              {idp.wsfedType ? ` · ${WSFED_TYPE_LABELS[idp.wsfedType as "entra"] ?? idp.wsfedType}` : ""}
            </Row>
            {oidc ? (
              <>
                <Row label="Issuer">
                  <span className="font-mono text-xs">{idp.oidcIssuer ?? "Not set"}</span>
                </Row>
                <Row label="Client ID">
                  <span className="font-mono text-xs">{idp.oidcClientId ?? "Not set"}</span>
                </Row>
                <Row label="Client secret">{idp.hasClientSecret ? "Stored (encrypted)" : "None"}</Row>
                <Row label="Scopes">
                  <span className="font-mono text-xs">{idp.oidcScopes ?? DEFAULT_OIDC_SCOPES}</span>
                </Row>
                <Row label="User claim">
                  <span className="font-mono text-xs">{idp.oidcClaim ?? "email"}</span>
                </Row>
                <Row label="Groups claim">
                  <span className="font-mono text-xs">{idp.oidcGroupsClaim ?? DEFAULT_GROUPS_CLAIM}</span>
                </Row>
              </>
            ) : (
              <>
                <Row label="Login URL">
                  {idp.loginUrl ? <span className="font-mono text-xs">{idp.loginUrl}</span> : "Not set"}
                </Row>
                <Row label="Token">{idp.hasToken ? "Stored (hashed)" : "None"}</Row>
              </>
            )}
          </dl>
        </Card>
        {oidc ? null : (
          <Card title="Signing certificate" actions={<CertificateBadge status={status} />}>
            {idp.certificatePem ? (
              <dl className="divide-y divide-slate-100">
                <Row label="Subject">{idp.certificateSubject}</Row>
                <Row label="Issuer">{idp.certificateIssuer}</Row>
                <Row label="Valid from">{formatDateTime(idp.certificateNotBefore)}</Row>
                <Row label="Valid to">{formatDateTime(idp.certificateNotAfter)}</Row>
                <Row label="SHA-1 thumbprint">
                  <span className="font-mono text-xs" data-testid="sha1">
                    {formatThumbprint(idp.certificateSha1 ?? "")}
                  </span>
                </Row>
                <Row label="SHA-256 thumbprint">
                  <span className="font-mono text-xs">{formatThumbprint(idp.certificateSha256 ?? "")}</span>
                </Row>
              </dl>
            ) : (
              <p className="text-sm text-slate-500">No signing certificate yet.</p>
            )}
            {idp.certificate2Pem ? (
              <p className="mt-3 border-t border-slate-100 pt-3 text-sm text-slate-600">
                A second certificate is accepted too (rollover): SHA-256{" "}
                <span className="font-mono text-xs">
                  {formatThumbprint(idp.certificate2Sha256 ?? "").slice(0, 23)}…
                </span>
                , valid to {formatDateTime(idp.certificate2NotAfter)}.
              </p>
            ) : null}
          </Card>
        )}
        <ServiceProviderDetails type={type} urls={spUrls(idp.provisioningId)} />
        {oidc ? null : (
          <RoleGate need="admin">
            <MetadataImport idpId={idp.id} />
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
        <Card
          title="Sign-in activity"
          description="The latest single sign-on attempts through this identity provider. Repeated refusals of one kind within 10 minutes are counted in one row."
        >
          {events.length === 0 ? (
            <p className="text-sm text-slate-500">No one has signed in through this identity provider yet.</p>
          ) : (
            <Table testId="sso-events">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Outcome</Th>
                  <Th>User</Th>
                  <Th>Reason</Th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <Td className="whitespace-nowrap">
                      {formatDateTime(e.at)}
                      {e.count > 1 && e.lastAt ? (
                        <span className="block text-xs text-slate-500">to {formatDateTime(e.lastAt)}</span>
                      ) : null}
                    </Td>
                    <Td>
                      <Badge tone={e.outcome === "signed-in" ? "green" : "red"}>
                        {e.outcome === "signed-in" ? "Signed in" : "Refused"}
                        {e.count > 1 ? ` ×${e.count}` : ""}
                      </Badge>
                    </Td>
                    <Td className="break-all">{e.subject ?? "—"}</Td>
                    <Td className="break-words text-slate-600">{e.reason ?? ""}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        {admin.adminView === "advanced" ? (
          <RoleGate need="admin" mode="disable">
            <ProvisioningPanel
              idpId={idp.id}
              enabled={idp.provisioningEnabled}
              tenantUrl={tenantUrl(idp.provisioningId)}
              maxActive={MAX_ACTIVE_TOKENS}
              tokens={tokens.map((t) => ({
                id: t.id,
                hint: t.hint,
                createdAt: formatDateTime(t.createdAt),
                lastUsedAt: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never",
                revoked: t.revokedAt !== null,
                revokedAt: t.revokedAt ? formatDateTime(t.revokedAt) : null,
              }))}
            />
          </RoleGate>
        ) : (
          <Notice tone="indigo" title="Provisioning">
            Provisioning (SCIM) is set up in the Advanced administrator view.{" "}
            <Link href="/settings/profile" className="font-semibold underline">
              Switch in Profile settings
            </Link>
            .
          </Notice>
        )}
      </div>
    </>
  );
}
