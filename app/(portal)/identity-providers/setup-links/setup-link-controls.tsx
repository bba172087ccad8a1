"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyField } from "@/components/ui/copy-button";
import { FieldShell, FormError, SELECT_CLASS, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { SETUP_LINK_VALIDITY, type SetupLinkValidity } from "@/lib/setup-links/choices";
import { createSetupLinkAction, revokeSetupLinkAction } from "../actions";

export function CreateSetupLinkForm() {
  const router = useRouter();
  const { state, onSubmit, isPending, error, fieldErrors, successes } = useFormAction(async (form) => {
    const result = await createSetupLinkAction({
      label: String(form.get("label") ?? ""),
      validity: String(form.get("validity")) as SetupLinkValidity,
    });
    if (result.ok) router.refresh();
    return result;
  });
  const created = state?.ok ? state.data : null;
  return (
    <div className="space-y-5">
      {created ? (
        <Notice tone="green" title={`Set-up link for ${created.label}, valid until ${created.expiresAt}`}>
          <p className="mb-3">
            Send it to them yourself (by a channel you trust): whoever opens it first can configure your
            identity providers and provisioning. It is shown this once.
          </p>
          <CopyField
            label="Set-up link"
            value={created.url}
            testId="setup-link-url"
            copyLabel="Copy the set-up link"
            wrap
          />
        </Notice>
      ) : null}
      <form
        key={successes}
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          if (isPending) event.preventDefault();
          else onSubmit(event);
        }}
      >
        <FormError message={error} />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="For whom"
            name="label"
            required
            maxLength={80}
            placeholder="Contoso IT (Sam)"
            error={fieldErrors.label}
          />
          <FieldShell label="Valid for" name="validity" error={fieldErrors.validity}>
            <select id="validity" name="validity" className={SELECT_CLASS} defaultValue="24h">
              {Object.entries(SETUP_LINK_VALIDITY).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </FieldShell>
        </div>
        <Button type="submit" aria-disabled={isPending || undefined}>
          {isPending ? "Creating…" : "Create set-up link"}
        </Button>
      </form>
    </div>
  );
}

export function RevokeSetupLinkButton({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Revoke"
      accessibleLabel={`Revoke the set-up link for ${label}`}
      title={`Revoke the set-up link for ${label}?`}
      confirmLabel="Revoke link"
      onConfirm={async () => {
        const result = await revokeSetupLinkAction(id);
        router.refresh();
        return result;
      }}
    >
      The link stops working at once, also in the browser where it is in use. What was set up with it stays.
    </ConfirmButton>
  );
}
