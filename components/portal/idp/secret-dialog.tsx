"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";

const FIELD_CLASS =
  "block w-full min-w-0 flex-1 basis-48 rounded-md border-0 bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

function ReadOnlyField({
  id,
  label,
  value,
  copyLabel,
  testId,
  inputRef,
}: {
  id: string;
  label: string;
  value: string;
  copyLabel: string;
  testId: string;
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={inputRef}
          id={id}
          data-testid={testId}
          readOnly
          value={value}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
          className={FIELD_CLASS}
        />
        <CopyButton value={value} accessibleName={copyLabel} fieldId={id} />
      </div>
    </div>
  );
}

/**
 * The one moment a provisioning secret token is visible: a modal dialog, opened as it arrives,
 * with focus on the selected token. Copy (with a fallback), Download as file, and "I have stored
 * it"; until that is checked, closing (Escape, Close) asks first and leaving the page
 * (reload, another address, closing the tab) makes the browser ask. The token lives only in the
 * parent's state and this dialog.
 */
export function SecretDialog({
  tenantUrl,
  token,
  name,
  onDone,
}: {
  tenantUrl: string;
  token: string;
  name: string;
  onDone: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const secret = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const urlId = useId();
  const tokenId = useId();
  const [stored, setStored] = useState(false);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    secret.current?.focus();
    secret.current?.select();
  }, []);

  useEffect(() => {
    if (stored) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [stored]);

  const close = () => {
    if (!stored && !asking) {
      setAsking(true);
      return;
    }
    dialog.current?.close();
    onDone();
  };

  const download = () => {
    const text = `Provisioning tenant URL: ${tenantUrl}\nProvisioning secret token: ${token}\nToken name: ${name}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${name.replace(/[^A-Za-z0-9._-]+/g, "-")}.txt`;
    dialog.current?.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      data-testid="revealed-token"
      onCancel={(event) => {
        // Escape: the same as Close — it asks first while the token is not stored.
        event.preventDefault();
        close();
      }}
      className="m-auto w-[min(40rem,calc(100vw-1.5rem))] max-h-[calc(100dvh-1.5rem)] overflow-y-auto rounded-lg p-0 text-left shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="space-y-4 p-5">
        <h2 id={titleId} className="text-base font-semibold text-slate-900">
          Copy the secret token now — you won&apos;t see it again
        </h2>
        <p className="text-sm text-slate-600">
          <strong className="font-semibold text-slate-900">{name}</strong>. Rollcall keeps only a hash of it:
          if it is lost, generate a new token. In Microsoft Entra: Enterprise application → Provisioning →
          Admin Credentials. Paste both values, then select <strong>Test Connection</strong>.
        </p>
        <ReadOnlyField
          id={tokenId}
          label="Provisioning secret token"
          value={token}
          copyLabel="Copy secret token"
          testId="secret-token"
          inputRef={secret}
        />
        <ReadOnlyField
          id={urlId}
          label="Provisioning tenant URL"
          value={tenantUrl}
          copyLabel="Copy provisioning tenant URL"
          testId="tenant-url"
        />
        <Button variant="secondary" onClick={download}>
          Download as file
        </Button>
        <label className="flex items-start gap-3 text-sm">
          <input
            type="checkbox"
            checked={stored}
            onChange={(event) => {
              setStored(event.currentTarget.checked);
              setAsking(false);
            }}
            className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
          />
          <span className="font-medium text-slate-900">
            I have stored the secret token (in the identity provider or a password manager)
          </span>
        </label>
        {asking ? (
          <Notice tone="amber" title="The secret token is not stored yet">
            Once this closes, nobody can see it again. Close anyway?
          </Notice>
        ) : null}
      </div>
      <div className="flex flex-wrap justify-end gap-2 bg-slate-50 px-5 py-3">
        {asking ? (
          <Button variant="danger" onClick={close}>
            Close without storing
          </Button>
        ) : (
          <Button variant={stored ? "primary" : "secondary"} onClick={close}>
            {stored ? "Done" : "Close"}
          </Button>
        )}
      </div>
    </dialog>
  );
}
