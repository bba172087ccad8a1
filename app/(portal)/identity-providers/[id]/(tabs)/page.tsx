import type { Metadata } from "next";
import { GuidedSetup } from "@/components/portal/idp/guided-setup";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatThumbprint } from "@/lib/format";
import { IDP_TYPE_LABELS, WSFED_TYPE_LABELS, type IdpType } from "@/lib/identity-providers/schemas";
import { idpFootprint } from "@/lib/provisioning/health";
import { tenantUrl } from "@/lib/provisioning/service";
import { spUrls } from "@/lib/sso/metadata";
import { DEFAULT_GROUPS_CLAIM, DEFAULT_OIDC_SCOPES } from "@/lib/sso/choices";
import { certificateStatus } from "@/lib/x509/certificate";
import { CertificateBadge } from "../../certificate-badge";
import { loadIdp } from "./load";

export const metadata: Metadata = { title: "Identity provider" };

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[11rem_1fr] sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900 [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

function Fact({ label, value, testId }: { label: string; value: React.ReactNode; testId: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm font-semibold text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default async function IdpOverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ vendor?: string | string[] }>;
}) {
  const { id } = await params;
  const { vendor } = await searchParams;
  const { admin, idp, type } = await loadIdp(id);
  const footprint = await idpFootprint(admin.tenantId, idp.id);
  const status = certificateStatus(idp);
  const oidc = type === "oidc";
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Fact
          label="Provisioned"
          testId="fact-provisioned"
          value={`${footprint.users.toLocaleString("en-US")} users · ${footprint.groups.toLocaleString("en-US")} groups`}
        />
        <Fact
          label="Provisioning"
          testId="fact-provisioning"
          value={
            idp.provisioningEnabled
              ? footprint.lastRequest
                ? `On · last request ${formatDateTime(footprint.lastRequest.at)}`
                : "On · no request yet"
              : "Off"
          }
        />
        <Fact
          label="Last sign-in"
          testId="fact-last-sign-in"
          value={footprint.lastSignIn ? formatDateTime(footprint.lastSignIn.at) : "None yet"}
        />
        <Fact
          label="Signing certificate"
          testId="fact-certificate"
          value={
            oidc
              ? "Not needed (OpenID Connect)"
              : !status
                ? "None"
                : status.state === "expired"
                  ? "Expired"
                  : `Valid, ${status.daysLeft} days left`
          }
        />
      </dl>
      <GuidedSetup
        idpPath={`/identity-providers/${idp.id}`}
        vendor={typeof vendor === "string" ? vendor : undefined}
        facts={{
          type,
          signInConfigured: oidc
            ? !!idp.oidcIssuer && !!idp.oidcClientId && idp.hasClientSecret
            : !!idp.loginUrl && !!idp.certificatePem,
          certificateValid: !!status && (status.state === "valid" || status.state === "expiring"),
          provisioningEnabled: idp.provisioningEnabled,
          requestSeen: footprint.lastRequest !== null,
          usersProvisioned: footprint.users,
          signedIn: footprint.lastSignIn !== null,
          jitProvisioning: idp.jitProvisioning,
        }}
        values={{ ...spUrls(idp.provisioningId), tenantUrl: tenantUrl(idp.provisioningId) }}
      />
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
            <p className="text-sm text-slate-600">
              No signing certificate yet: import your identity provider&apos;s federation metadata on the
              Single sign-on tab.
            </p>
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
    </>
  );
}
