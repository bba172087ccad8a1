"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CHECKBOX_CLASS, ErrorText, FormError, TextField } from "@/components/ui/field";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { createApiKeyAction, type CreateKeyState } from "./actions";

const SCOPE_HELP: Record<string, string> = {
  "events:read": "Read the events (GET /api/v1/events).",
  "directory:read": "Read tenants, users, groups and identity providers.",
  "tenants:write": "Create, rename and delete tenants.",
  "webhooks:write": "Manage webhook endpoints.",
  "applications:write": "Manage the applications that sign people in through Rollcall (OpenID Connect).",
  "roles:write": "Manage the application's roles and each tenant's group → role mappings.",
};

/** The key just created, shown once. */
function NewKey({ created }: { created: NonNullable<CreateKeyState["created"]> }) {
  return (
    <OneTimeSecret
      title={`API key “${created.name}” created`}
      label="Your new API key"
      value={created.key}
      copyLabel="Copy the API key"
      testId="new-api-key"
    >
      <p>Copy it now: Rollcall keeps only a hash and cannot show it again.</p>
    </OneTimeSecret>
  );
}

export function CreateKeyForm({ scopes }: { scopes: readonly string[] }) {
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createApiKeyAction, {
    fieldErrors: {},
    error: null,
    created: null,
    values: { name: "", scopes: [] },
  });
  const e = state.fieldErrors;
  return (
    <div className="space-y-5">
      {state.created ? <NewKey created={state.created} /> : null}
      <form action={action} className="space-y-5" noValidate>
        <FormError message={state.error} />
        <TextField
          label="Name"
          name="name"
          key={`name-${state.values.name}-${state.created?.keyId ?? ""}`}
          defaultValue={state.values.name}
          error={e.name}
          hint="Who uses it, e.g. “Billing service (production)”."
          autoComplete="off"
          required
        />
        <fieldset className="space-y-2" aria-describedby={e.scopes ? "scopes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          {scopes.map((scope) => (
            <label key={`${scope}-${state.created?.keyId ?? ""}`} className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                defaultChecked={state.values.scopes.includes(scope)}
                className={CHECKBOX_CLASS}
              />
              <span>
                <code className="font-mono text-slate-900">{scope}</code>
                <span className="block text-slate-600">{SCOPE_HELP[scope]}</span>
              </span>
            </label>
          ))}
          <ErrorText id="scopes-error" message={e.scopes} />
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API key"}
        </Button>
      </form>
    </div>
  );
}
