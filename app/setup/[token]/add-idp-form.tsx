"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FieldShell, FormError, SELECT_CLASS, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { setupAddIdpAction } from "./actions";

export function SetupAddIdpForm({ token }: { token: string }) {
  const router = useRouter();
  const { onSubmit, isPending, error, fieldErrors } = useFormAction(async (form) => {
    const result = await setupAddIdpAction(token, {
      displayName: form.get("displayName"),
      type: form.get("type"),
    });
    if (result.ok) router.push(`/setup/${token}/${result.data}`);
    return result;
  });
  return (
    <form
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
          label="Display name"
          name="displayName"
          required
          error={fieldErrors.displayName}
          hint="Shown to the company's people on the sign-in page, e.g. “Contoso Entra ID”."
        />
        <FieldShell label="Provider type" name="type" error={fieldErrors.type}>
          <select id="type" name="type" className={SELECT_CLASS} defaultValue="wsfed">
            <option value="wsfed">WS-Federation (Microsoft Entra ID)</option>
            <option value="saml">SAML 2.0</option>
          </select>
        </FieldShell>
      </div>
      <Button type="submit" aria-disabled={isPending || undefined}>
        {isPending ? "Adding…" : "Add identity provider"}
      </Button>
    </form>
  );
}
