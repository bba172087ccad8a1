"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { SaveButton } from "@/components/ui/save-button";
import { Badge, Card, Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyButton, CopyField } from "@/components/ui/copy-button";
import { FieldShell, FormError, SELECT_CLASS, TextAreaField, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf } from "@/lib/action-state";
import type { DomainState } from "@/lib/sso/domains";
import { saveSsoSettingsAction, verifyDomainAction, type MetadataPreview } from "../../../actions";
import { SSO_CLAIMS, SSO_MATCHES, type SsoClaim, type SsoMatch } from "@/lib/sso/choices";

export type SsoPanelProps = {
  idpId: string;
  type: "saml" | "wsfed" | "oidc";
  urls: { entityId: string; acsUrl: string; signInUrl: string; metadataUrl: string; redirectUri: string };
  settings: {
    idpEntityId: string;
    ssoClaim: SsoClaim;
    ssoMatch: SsoMatch;
    jitProvisioning: boolean;
    emailDomains: string;
    secondCertificate: string;
  };
};

/** What the identity provider's admin pastes, with copy buttons, and our metadata to download. */
export function ServiceProviderDetails({ type, urls }: Pick<SsoPanelProps, "type" | "urls">) {
  if (type === "oidc") {
    return (
      <Card
        title="Single sign-on: details for your identity provider"
        description="Register this redirect URI with the client at your identity provider — Entra: App registration → Authentication → Web; Okta: Sign-in redirect URIs; Google: Authorized redirect URIs."
      >
        <div className="space-y-4" data-testid="sp-details">
          <CopyField
            label="Redirect URI"
            value={urls.redirectUri}
            testId="sp-redirect-uri"
            copyLabel="Copy the redirect URI"
            wrap
          />
          <CopyField
            label="Sign on URL (users start here)"
            value={urls.signInUrl}
            testId="sp-sign-in-url"
            copyLabel="Copy the sign on URL"
            wrap
          />
        </div>
      </Card>
    );
  }
  return (
    <Card
      title="Single sign-on: details for your identity provider"
      description={
        type === "saml"
          ? "In Microsoft Entra: Enterprise application → Single sign-on → SAML → Basic SAML Configuration."
          : "In Microsoft Entra (WS-Federation): the application's Identifier is Rollcall's realm (wtrealm) and its Reply URL is Rollcall's wreply."
      }
      actions={
        <a href={`${urls.metadataUrl}?download`} className={buttonClass("secondary")} download>
          Download metadata XML
        </a>
      }
    >
      <div className="space-y-4" data-testid="sp-details">
        {type === "wsfed" ? (
          <>
            <CopyField
              label="Realm (wtrealm): the application's identifier"
              value={urls.entityId}
              testId="sp-entity-id"
              copyLabel="Copy the realm (wtrealm)"
              wrap
            />
            <CopyField
              label="Reply URL (wreply): where sign-in answers are posted"
              value={urls.acsUrl}
              testId="sp-acs-url"
              copyLabel="Copy the reply URL (wreply)"
              wrap
            />
          </>
        ) : (
          <>
            <CopyField
              label="Identifier (Entity ID)"
              value={urls.entityId}
              testId="sp-entity-id"
              copyLabel="Copy the identifier (Entity ID)"
              wrap
            />
            <CopyField
              label="Reply URL (Assertion Consumer Service URL)"
              value={urls.acsUrl}
              testId="sp-acs-url"
              copyLabel="Copy the reply URL (ACS)"
              wrap
            />
          </>
        )}
        <CopyField
          label="Sign on URL (users start here)"
          value={urls.signInUrl}
          testId="sp-sign-in-url"
          copyLabel="Copy the sign on URL"
          wrap
        />
        <CopyField
          label="Metadata URL"
          value={urls.metadataUrl}
          testId="sp-metadata-url"
          copyLabel="Copy the metadata URL"
          wrap
        />
      </div>
    </Card>
  );
}

async function readFile(file: File): Promise<string> {
  return new TextDecoder().decode(await file.arrayBuffer());
}

/** What the metadata action answered for the XML as it was, and whether it was applied. */
type MetadataRead = { xml: string; preview: MetadataPreview; applied: boolean };

/** `read` is a server action bound to the identity provider: the admin's, or a set-up link's. */
export function MetadataImport({
  read: readMetadata,
}: {
  read: (xml: string, apply: boolean) => Promise<MetadataPreview>;
}) {
  const router = useRouter();
  const [xml, setXml] = useState("");
  const [read, run, isPending] = useActionState(
    async (_: MetadataRead | null, apply: boolean): Promise<MetadataRead> => {
      const preview = await readMetadata(xml, apply);
      if (apply && preview.ok) router.refresh();
      return { xml, preview, applied: apply && preview.ok };
    },
    null,
  );
  // Editing the XML (or uploading another file) sets the answer for the previous text aside.
  const preview = read?.xml === xml ? read.preview : null;
  const applied = read?.xml === xml && read.applied;
  return (
    <Card
      title="Import federation metadata"
      description="Paste or upload the Federation Metadata XML from your identity provider: Rollcall fills in the login URL, the issuer and the signing certificates."
    >
      <div className="space-y-4">
        <TextAreaField
          label="Federation metadata XML"
          name="metadata"
          rows={5}
          value={xml}
          onChange={(e) => setXml(e.target.value)}
          placeholder='<EntityDescriptor entityID="https://sts.windows.net/…/" …>'
          error={errorOf(preview) ?? undefined}
        />
        <div className="flex flex-wrap items-center gap-3">
          <label
            className={buttonClass(
              "secondary",
              "cursor-pointer has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600",
            )}
          >
            Upload XML file
            <input
              type="file"
              accept=".xml,application/xml,text/xml"
              className="sr-only"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) setXml(await readFile(file));
              }}
            />
          </label>
          <Button
            variant="secondary"
            disabled={!xml.trim() || isPending}
            onClick={() => startTransition(() => run(false))}
          >
            Preview
          </Button>
        </div>
        {preview?.ok ? (
          <div
            className="space-y-3 rounded-md bg-slate-50 p-4 text-sm ring-1 ring-inset ring-slate-200"
            data-testid="metadata-preview"
          >
            <p>
              <span className="text-slate-500">Issuer (entity ID):</span>{" "}
              <span className="font-mono text-xs [overflow-wrap:anywhere]">{preview.data.entityId}</span>
            </p>
            <p>
              <span className="text-slate-500">Login URL:</span>{" "}
              <span className="font-mono text-xs [overflow-wrap:anywhere]">{preview.data.loginUrl}</span>
            </p>
            <ul className="space-y-1">
              {preview.data.certificates.map((c, i) => (
                <li key={c.sha1}>
                  <span className="text-slate-500">
                    {i === 0 ? "Signing certificate" : "Second certificate"}:
                  </span>{" "}
                  {c.subject} · valid to {c.notAfter}
                  {c.state === "expired" || c.state === "expiring" ? (
                    <span
                      className={`mt-1 block font-medium ${c.state === "expired" ? "text-red-700" : "text-amber-800"}`}
                      data-testid="metadata-certificate-warning"
                    >
                      {c.state === "expired"
                        ? "This certificate has expired: sign-ins signed with it will fail."
                        : `This certificate expires in ${c.daysLeft} ${c.daysLeft === 1 ? "day" : "days"}: plan its rollover with your identity provider.`}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
            {applied ? (
              <Notice tone="green">Imported. The login URL, issuer and certificates are saved.</Notice>
            ) : (
              <ConfirmButton
                label="Apply to this identity provider"
                title="Replace the sign-in settings?"
                confirmLabel="Apply"
                variant="primary"
                onConfirm={() => startTransition(() => run(true))}
              >
                The login URL, issuer and signing certificates of this identity provider are replaced by the
                ones above.
              </ConfirmButton>
            )}
          </div>
        ) : null}
      </div>
    </Card>
  );
}

/**
 * The sign-in options. For OpenID Connect the claim is chosen with the client (Edit), and the
 * issuer and certificate fields do not apply (discovery and the JWKS replace them).
 */
export function SsoSettingsForm({
  idpId,
  type,
  settings,
}: Pick<SsoPanelProps, "idpId" | "type" | "settings">) {
  const router = useRouter();
  const xml = type !== "oidc";
  const { state, onSubmit, isPending, error, fieldErrors } = useFormAction(async (f) => {
    const result = await saveSsoSettingsAction(idpId, {
      idpEntityId: xml ? String(f.get("idpEntityId") ?? "") : "",
      ssoClaim: xml ? (String(f.get("ssoClaim")) as SsoClaim) : settings.ssoClaim,
      ssoMatch: String(f.get("ssoMatch")) as SsoMatch,
      jitProvisioning: f.get("jitProvisioning") === "on",
      emailDomains: String(f.get("emailDomains") ?? ""),
      secondCertificate: xml ? String(f.get("secondCertificate") ?? "") : "",
    });
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <Card
      title="Sign-in options"
      description="How Rollcall recognises the people your identity provider signs in."
    >
      <form className="space-y-5" noValidate onSubmit={onSubmit}>
        <FormError message={error} />
        <div className="grid gap-5 sm:grid-cols-2">
          {xml ? (
            <FieldShell label="Identify users by" name="ssoClaim">
              <select id="ssoClaim" name="ssoClaim" className={SELECT_CLASS} defaultValue={settings.ssoClaim}>
                {Object.entries(SSO_CLAIMS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </FieldShell>
          ) : null}
          <FieldShell label="Match it to the provisioned" name="ssoMatch">
            <select id="ssoMatch" name="ssoMatch" className={SELECT_CLASS} defaultValue={settings.ssoMatch}>
              {Object.entries(SSO_MATCHES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </FieldShell>
        </div>
        <TextField
          label="Email domains"
          name="emailDomains"
          defaultValue={settings.emailDomains}
          error={fieldErrors.emailDomains}
          hint="People who type an address at these domains on the sign-in page are sent to this identity provider once you verify each domain (below). Separate with commas."
          placeholder="contoso.com, contoso.de"
        />
        {xml ? (
          <>
            <TextField
              label="Identity provider issuer (entity ID)"
              name="idpEntityId"
              defaultValue={settings.idpEntityId}
              error={fieldErrors.idpEntityId}
              hint="Optional. When set, responses from any other issuer are refused. Entra: https://sts.windows.net/<tenant-id>/"
            />
            <TextAreaField
              label="Second signing certificate (optional)"
              name="secondCertificate"
              rows={4}
              defaultValue={settings.secondCertificate}
              error={fieldErrors.secondCertificate}
              hint="During a certificate rollover, responses signed with either certificate are accepted."
            />
          </>
        ) : null}
        <label className="flex items-start gap-3 text-sm">
          <input
            type="checkbox"
            name="jitProvisioning"
            defaultChecked={settings.jitProvisioning}
            className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
          />
          <span>
            <span className="font-medium text-slate-900">Create accounts at first sign-in</span>
            <span className="block text-slate-500">
              Off: only people your directory provisioned can sign in. On: anyone your identity provider signs
              in gets an account.
            </span>
          </span>
        </label>
        <SaveButton label="Save sign-in options" isPending={isPending} state={state} />
      </form>
    </Card>
  );
}

/** One email domain as the panel shows it (dates already formatted on the server). */
export type EmailDomainRow = {
  domain: string;
  state: DomainState;
  recordName: string;
  recordValue: string;
  checkedAt: string | null;
  verifiedAt: string | null;
  checkError: string | null;
  /** Verified, but the record was missing at the last check: routes until then. */
  routesUntil: string | null;
  recheckHours: number;
};

const STATE_BADGE: Record<DomainState, { tone: "green" | "amber" | "red"; label: string }> = {
  verified: { tone: "green", label: "Verified" },
  pending: { tone: "amber", label: "Pending" },
  failed: { tone: "red", label: "Failed" },
};

function RecordLine({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[4rem_1fr] sm:items-center sm:gap-3">
      <span className="text-xs font-medium text-slate-500">{label}</span>
      <div className="flex min-w-0 items-center gap-2">
        <code
          data-testid={testId}
          className="block min-w-0 flex-1 overflow-x-auto whitespace-nowrap rounded-md bg-slate-50 px-3 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-200"
        >
          {value}
        </code>
        <CopyButton value={value} accessibleName={`Copy the record ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

function EmailDomainItem({ idpId, row }: { idpId: string; row: EmailDomainRow }) {
  const router = useRouter();
  const [result, verify, isPending] = useActionState(async () => {
    const outcome = await verifyDomainAction(idpId, row.domain);
    router.refresh();
    return outcome;
  }, null);
  const badge = STATE_BADGE[row.state];
  return (
    <li className="space-y-3 py-4 first:pt-0 last:pb-0" data-testid="email-domain" data-domain={row.domain}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{row.domain}</span>
          <span data-testid="domain-state" data-state={row.state}>
            <Badge tone={row.routesUntil ? "amber" : badge.tone}>
              {row.routesUntil ? "Verified · record missing" : badge.label}
            </Badge>
          </span>
        </div>
        <Button variant="secondary" disabled={isPending} onClick={() => startTransition(verify)}>
          {isPending ? "Checking DNS…" : "Verify now"}
        </Button>
      </div>
      <p className="text-sm text-slate-600" data-testid="domain-status">
        {row.state === "verified" && !row.routesUntil
          ? `People with an address at ${row.domain} are sent to this identity provider. Keep the record: Rollcall checks it every ${row.recheckHours} hours.`
          : row.state === "verified"
            ? `${row.checkError ?? "The record was not found."} It keeps routing until ${row.routesUntil}; publish the record again before then.`
            : row.state === "pending"
              ? `Not verified yet: nobody is sent to this identity provider by this domain. Add the TXT record below at your DNS provider, then select Verify now.`
              : `Not verified: nobody is sent to this identity provider by this domain. ${row.checkError ?? ""}`}{" "}
        <span className="text-slate-500">Last checked: {row.checkedAt ?? "never"}.</span>
      </p>
      <div className="space-y-2 rounded-md bg-white p-3 ring-1 ring-inset ring-slate-200">
        <p className="text-xs text-slate-500">DNS TXT record (at this name, or at {row.domain} itself):</p>
        <RecordLine label="Name" value={row.recordName} testId="domain-record-name" />
        <RecordLine label="Value" value={row.recordValue} testId="domain-record-value" />
      </div>
      {result && !isPending ? (
        <p
          role="status"
          data-testid="domain-verify-result"
          className={`text-sm ${result.ok && result.data.state === "verified" ? "text-green-700" : "text-red-700"}`}
        >
          {result.ok ? result.data.message : result.error}
        </p>
      ) : null}
    </li>
  );
}

/** The IdP's email domains: state, the TXT record to publish, and Verify now. */
export function EmailDomainsPanel({ idpId, domains }: { idpId: string; domains: EmailDomainRow[] }) {
  return (
    <Card
      title="Email domains"
      description="A domain sends people to this identity provider only after you prove that your company controls it, with a DNS TXT record."
    >
      {domains.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="no-email-domains">
          No email domains yet. Add them under Sign-in options.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="email-domains">
          {domains.map((row) => (
            <EmailDomainItem key={row.domain} idpId={idpId} row={row} />
          ))}
        </ul>
      )}
    </Card>
  );
}
