"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CHECKBOX_CLASS, FormError } from "@/components/ui/field";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { SaveButton } from "@/components/ui/save-button";
import { useFormAction } from "@/components/ui/use-form-action";
import { formatWhen } from "@/lib/format";
import type { Application } from "@/lib/oidc/applications";
import { removeApplicationAction, rotateApplicationSecretAction, updateApplicationAction } from "../actions";
import { ApplicationFields, applicationFormValues } from "../application-fields";

/** Changes the name, the URIs and the allowed tenants; the page shows what was saved. */
export function EditApplicationForm({ application }: { application: Application }) {
  // The action revalidates this page; keyed by the number of saves, the fields then show the values
  // as stored (blank lines and repeats gone).
  const form = useFormAction((data) =>
    updateApplicationAction(application.clientId, applicationFormValues(data)),
  );
  return (
    <form key={form.successes} onSubmit={form.onSubmit} className="space-y-5" noValidate>
      <FormError message={form.error} />
      <ApplicationFields errors={form.fieldErrors} application={application} />
      <SaveButton label="Save changes" isPending={form.isPending} state={form.state} />
    </form>
  );
}

/**
 * Rotates the client secret after a confirmation; the new one is shown this once. The current one
 * keeps working for 24 hours — unless the operator says it leaked.
 */
export function RotateSecretButton({ clientId }: { clientId: string }) {
  const [immediately, setImmediately] = useState(false);
  const [rotated, setRotated] = useState<{ clientSecret: string; previousSecretValidUntil: string | null }>();
  return (
    <div className="space-y-4">
      <ConfirmButton
        label="Rotate secret"
        title="Rotate the client secret?"
        confirmLabel="Rotate secret"
        onOpen={() => setImmediately(false)}
        onConfirm={async () => {
          const result = await rotateApplicationSecretAction(clientId, immediately);
          if (result.ok) setRotated(result.data);
          return result;
        }}
      >
        <p>
          A new secret is made and shown once. The current one keeps working for 24 hours, so the application
          can switch to the new one without refusing anyone.
        </p>
        <div className="mt-3 flex items-start gap-3">
          <input
            id="rotate-immediately"
            type="checkbox"
            checked={immediately}
            onChange={(event) => setImmediately(event.currentTarget.checked)}
            className={CHECKBOX_CLASS}
            aria-describedby="rotate-immediately-hint"
          />
          <div className="min-w-0">
            <label htmlFor="rotate-immediately" className="font-medium text-slate-800">
              The secret leaked: stop the current one now
            </label>
            <p id="rotate-immediately-hint" className="text-xs text-slate-600">
              The application is refused until it has the new secret.
            </p>
          </div>
        </div>
      </ConfirmButton>
      {rotated ? (
        <OneTimeSecret
          title="New client secret"
          label="The new client secret"
          value={rotated.clientSecret}
          copyLabel="Copy the new client secret"
          testId="rotated-client-secret"
        >
          <p>
            Copy it now and give it to the application. <strong>You will not see it again.</strong>{" "}
            {rotated.previousSecretValidUntil
              ? `The previous secret keeps working until ${formatWhen(rotated.previousSecretValidUntil)}.`
              : "The previous secret no longer works."}
          </p>
        </OneTimeSecret>
      ) : null}
    </div>
  );
}

/** Deletes the application once its name is typed; then back to the list. */
export function DeleteApplicationButton({ clientId, name }: { clientId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete application"
      title={`Delete the application “${name}”?`}
      confirmLabel="Delete application"
      confirmText={name}
      onConfirm={async () => {
        const result = await removeApplicationAction(clientId);
        if (result.ok) router.push("/operator/applications");
        return result;
      }}
    >
      <p>
        Nobody can sign in to it through Rollcall any more, and the tokens it holds stop working at once:
        access and refresh tokens are refused, and its client secret with them. This cannot be undone:
        registering it again gives it a new client id.
      </p>
    </ConfirmButton>
  );
}
