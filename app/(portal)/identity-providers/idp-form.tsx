"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { FieldShell, FormError, SELECT_CLASS, TextAreaField, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf } from "@/lib/action-state";
import {
  IDP_TYPE_LABELS,
  IDP_TYPES,
  WSFED_TYPE_LABELS,
  type IdpType,
} from "@/lib/identity-providers/schemas";
import { DEFAULT_GROUPS_CLAIM, DEFAULT_OIDC_SCOPES, OIDC_CLAIMS, type OidcClaim } from "@/lib/sso/choices";
import { inspectCertificateAction, saveIdpAction, type CertificatePreview } from "./actions";

export type IdpFormValues = {
  displayName: string;
  type: IdpType;
  loginUrl: string;
  certificate: string;
  isDefault: boolean;
  hasToken: boolean;
  oidc: {
    issuer: string;
    clientId: string;
    hasClientSecret: boolean;
    scopes: string;
    claim: OidcClaim;
    groupsClaim: string;
  };
};

/** Reads an uploaded .cer/.pem: PEM text as is, binary DER as Base64. */
async function readCertificateFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder("latin1").decode(bytes);
  if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(text)) return text.trim();
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function Preview({ preview: answer }: { preview: CertificatePreview | null }) {
  if (!answer?.ok) return null;
  const preview = answer.data;
  const warn =
    preview.state === "expired"
      ? "This certificate has expired: sign-ins signed with it will fail."
      : preview.state === "expiring"
        ? `This certificate expires in ${preview.daysLeft} days: plan its rollover.`
        : preview.state === "not-yet-valid"
          ? "This certificate is not valid yet."
          : null;
  return (
    <div
      data-testid="certificate-preview"
      className="space-y-2 rounded-md bg-slate-50 p-3 text-xs ring-1 ring-inset ring-slate-200"
    >
      <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-500">Subject</dt>
        <dd className="break-all">{preview.subject}</dd>
        <dt className="text-slate-500">SHA-1</dt>
        <dd className="break-all font-mono">{preview.sha1}</dd>
        <dt className="text-slate-500">SHA-256</dt>
        <dd className="break-all font-mono">{preview.sha256}</dd>
        <dt className="text-slate-500">Valid</dt>
        <dd>
          {preview.notBefore.slice(0, 10)} → {preview.notAfter.slice(0, 10)}
        </dd>
      </dl>
      {warn ? (
        <p role="status" className={preview.state === "expiring" ? "text-amber-700" : "text-red-700"}>
          {warn}
        </p>
      ) : null}
    </div>
  );
}

/** The OpenID Connect settings: the issuer (discovered when saved), the client, scopes and claims. */
function OidcFields({
  initial,
  fieldErrors,
}: {
  initial: IdpFormValues["oidc"] | undefined;
  fieldErrors: Record<string, string | undefined>;
}) {
  return (
    <div className="space-y-5" data-testid="oidc-fields">
      <TextField
        label="Issuer URL"
        name="oidcIssuer"
        type="url"
        inputMode="url"
        placeholder="https://login.microsoftonline.com/<tenant-id>/v2.0"
        defaultValue={initial?.issuer}
        error={fieldErrors.oidcIssuer}
        hint="Rollcall reads its /.well-known/openid-configuration when you save. Okta: https://<org>.okta.com; Google: https://accounts.google.com."
        required
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <TextField
          label="Client ID"
          name="oidcClientId"
          autoComplete="off"
          defaultValue={initial?.clientId}
          error={fieldErrors.oidcClientId}
          hint="Entra: Application (client) ID."
          required
        />
        <TextField
          label={initial?.hasClientSecret ? "Replace client secret" : "Client secret"}
          name="oidcClientSecret"
          type="password"
          autoComplete="new-password"
          error={fieldErrors.oidcClientSecret}
          hint={
            initial?.hasClientSecret
              ? "A secret is stored (encrypted) and cannot be shown. Leave empty to keep it."
              : "Stored encrypted; it is not shown again."
          }
          required={!initial?.hasClientSecret}
        />
      </div>
      <TextField
        label="Scopes"
        name="oidcScopes"
        defaultValue={initial?.scopes ?? DEFAULT_OIDC_SCOPES}
        error={fieldErrors.oidcScopes}
        hint="Separated by spaces; must include openid."
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <FieldShell label="Identify users by the claim" name="oidcClaim" error={fieldErrors.oidcClaim}>
          <select
            id="oidcClaim"
            name="oidcClaim"
            className={SELECT_CLASS}
            defaultValue={initial?.claim ?? "email"}
          >
            {Object.entries(OIDC_CLAIMS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </FieldShell>
        <TextField
          label="Groups claim"
          name="oidcGroupsClaim"
          defaultValue={initial?.groupsClaim ?? DEFAULT_GROUPS_CLAIM}
          error={fieldErrors.oidcGroupsClaim}
          hint="The ID token claim listing the user's groups, for roles."
        />
      </div>
    </div>
  );
}

export function IdpForm({ id, initial }: { id: string | null; initial?: IdpFormValues }) {
  const router = useRouter();
  const [type, setType] = useState<IdpType>(initial?.type ?? "wsfed");
  const [certificate, setCertificate] = useState(initial?.certificate ?? "");
  // The live check's answer and the save's field error, each with the text it was about: only the
  // answer for the certificate as it is now is shown (never an older one next to a newer preview).
  const [checked, setChecked] = useState<{ text: string; answer: CertificatePreview } | null>(null);
  const [submittedCertificate, setSubmittedCertificate] = useState<string | null>(null);
  const { state, onSubmit, isPending, error, fieldErrors } = useFormAction(async (form) => {
    const oidc = type === "oidc";
    const field = (name: string) => String(form.get(name) ?? "");
    setSubmittedCertificate(certificate);
    const result = await saveIdpAction(id, {
      displayName: field("displayName"),
      type,
      wsfedType: type === "wsfed" ? "entra" : undefined,
      loginUrl: oidc ? "" : field("loginUrl"),
      certificate: oidc ? "" : certificate,
      token: oidc ? "" : field("token"),
      isDefault: form.get("isDefault") === "on",
      ...(oidc
        ? {
            oidcIssuer: field("oidcIssuer"),
            oidcClientId: field("oidcClientId"),
            oidcClientSecret: field("oidcClientSecret"),
            oidcScopes: field("oidcScopes"),
            oidcClaim: field("oidcClaim") as OidcClaim,
            oidcGroupsClaim: field("oidcGroupsClaim"),
          }
        : {}),
    });
    if (result.ok) {
      router.push(`/identity-providers/${result.data}`);
      router.refresh();
    }
    return result;
  });

  useEffect(() => {
    if (!certificate.trim()) return;
    const timer = setTimeout(
      async () => setChecked({ text: certificate, answer: await inspectCertificateAction(certificate) }),
      300,
    );
    return () => clearTimeout(timer);
  }, [certificate]);
  const shownPreview = certificate.trim() && checked?.text === certificate ? checked.answer : null;
  const certificateError = shownPreview
    ? (errorOf(shownPreview) ?? undefined)
    : submittedCertificate === certificate
      ? fieldErrors.certificate
      : undefined;

  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(event) => {
        if (isPending) event.preventDefault();
        else onSubmit(event);
      }}
    >
      <FormError message={state?.ok === false ? (error ?? "Check the highlighted fields") : null} />
      <TextField
        label="Display name"
        name="displayName"
        defaultValue={initial?.displayName}
        error={fieldErrors.displayName}
        hint="Shown to your users on the sign-in page, e.g. “Contoso Entra ID”."
        required
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <FieldShell label="Provider type" name="type" error={fieldErrors.type}>
          <select
            id="type"
            name="type"
            className={SELECT_CLASS}
            value={type}
            onChange={(e) => setType(e.target.value as IdpType)}
          >
            {IDP_TYPES.map((t) => (
              <option key={t} value={t}>
                {IDP_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </FieldShell>
        {type === "wsfed" ? (
          <FieldShell label="WS-Federation type" name="wsfedType">
            <select id="wsfedType" name="wsfedType" className={SELECT_CLASS} defaultValue="entra">
              {Object.entries(WSFED_TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </FieldShell>
        ) : null}
      </div>
      {type === "oidc" ? (
        <OidcFields initial={initial?.oidc} fieldErrors={fieldErrors} />
      ) : (
        <>
          <TextField
            label="Login URL (for sign-in)"
            name="loginUrl"
            type="url"
            inputMode="url"
            placeholder={
              type === "saml"
                ? "https://login.microsoftonline.com/<tenant-id>/saml2"
                : "https://login.microsoftonline.com/<tenant-id>/wsfed"
            }
            defaultValue={initial?.loginUrl}
            error={fieldErrors.loginUrl}
            hint="From Entra: Single sign-on → Set up → Login URL. Must start with https://. Can be added later."
          />
          <div className="space-y-2">
            <TextAreaField
              label="Signing certificate"
              name="certificate"
              rows={6}
              value={certificate}
              onChange={(e) => setCertificate(e.target.value)}
              placeholder={"-----BEGIN CERTIFICATE-----\nMIIC8DCCAdigAwIBAgIQ…\n-----END CERTIFICATE-----"}
              error={certificateError}
              hint="Paste Entra's “Certificate (Base64)” download or a PEM certificate, or upload the file below. Needed for sign-in; can be added later."
              spellCheck={false}
            />
            <label className="inline-flex cursor-pointer items-center gap-2 rounded-sm text-sm font-medium text-indigo-700 hover:underline has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600">
              <input
                type="file"
                accept=".cer,.crt,.pem,.der"
                className="sr-only"
                data-testid="certificate-file"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (file) setCertificate(await readCertificateFile(file));
                }}
              />
              Upload a .cer or .pem file
            </label>
            <Preview preview={shownPreview} />
          </div>
          <TextField
            label="Token (optional)"
            name="token"
            type="password"
            autoComplete="off"
            error={fieldErrors.token}
            hint={
              initial?.hasToken
                ? "A token is stored. Leave empty to keep it; it is kept hashed and cannot be shown."
                : "Some identity providers give you a token for this connection. It is stored hashed."
            }
          />
        </>
      )}
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          name="isDefault"
          defaultChecked={initial?.isDefault}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
        />
        <span>
          <span className="font-medium text-slate-900">Make this the default identity provider</span>
          <span className="block text-slate-500">
            Users created from now on sign in with it. Only one provider can be the default.
          </span>
        </span>
      </label>
      <div className="flex gap-2">
        {/* aria-disabled while saving: a disabled button would drop keyboard focus to the page. */}
        <Button type="submit" aria-disabled={isPending || undefined}>
          {isPending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
