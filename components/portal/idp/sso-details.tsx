"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import type { MetadataPreviewData } from "@/lib/identity-providers/sso-settings";
import type { ActionState } from "@/lib/action-state";
import { errorOf } from "@/lib/action-state";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyField } from "@/components/ui/copy-button";
import { TextAreaField } from "@/components/ui/field";

type MetadataPreview = ActionState<MetadataPreviewData>;

/** What the identity provider's admin pastes, with copy buttons, and our metadata to download. */
export function ServiceProviderDetails({
  type,
  urls,
}: {
  type: "saml" | "wsfed" | "oidc";
  urls: { entityId: string; acsUrl: string; signInUrl: string; metadataUrl: string; redirectUri: string };
}) {
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
