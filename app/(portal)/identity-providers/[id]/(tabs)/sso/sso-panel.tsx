"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SaveButton } from "@/components/ui/save-button";
import { Badge, Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { FieldShell, FormError, SELECT_CLASS, TextAreaField, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import type { DomainState } from "@/lib/sso/domains";
import { saveSsoSettingsAction, verifyDomainAction } from "../../../actions";
import { SSO_CLAIMS, SSO_MATCHES, type SsoClaim, type SsoMatch } from "@/lib/sso/choices";

export type SsoPanelProps = {
  idpId: string;
  type: "saml" | "wsfed" | "oidc";
  settings: {
    idpEntityId: string;
    ssoClaim: SsoClaim;
    ssoMatch: SsoMatch;
    jitProvisioning: boolean;
    emailDomains: string;
    secondCertificate: string;
  };
};

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
