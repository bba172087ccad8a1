"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { FormError, TextField } from "@/components/ui/field";
import { createApiKeyAction, type CreateKeyState } from "./actions";

const CHECKBOX = "mt-0.5 h-4 w-4 shrink-0 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600";

const SCOPE_HELP: Record<string, string> = {
  "events:read": "Read the events (GET /api/v1/events).",
  "directory:read": "Read tenants, users, groups and identity providers.",
  "tenants:write": "Create, rename and delete tenants.",
  "webhooks:write": "Manage webhook endpoints.",
  "applications:write": "Manage the applications that sign people in through Rollcall (OpenID Connect).",
};

/** The key just created, shown once; focus moves to it so it is read out and can be copied. */
function NewKey({ created }: { created: NonNullable<CreateKeyState["created"]> }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [created.keyId]);
  return (
    <Notice tone="green" title={`API key “${created.name}” created`}>
      <p>Copy it now: Rollcall keeps only a hash and cannot show it again.</p>
      <div className="mt-3 space-y-1.5">
        <label htmlFor="new-api-key" className="block font-medium">
          Your new API key
        </label>
        <div className="flex items-center gap-2">
          <input
            ref={input}
            id="new-api-key"
            data-testid="new-api-key"
            readOnly
            value={created.key}
            onFocus={(event) => event.currentTarget.select()}
            className="block w-full min-w-0 flex-1 rounded-md border-0 bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-emerald-300 focus:ring-2 focus:ring-indigo-600"
          />
          <CopyButton value={created.key} accessibleName="Copy the API key" />
        </div>
      </div>
    </Notice>
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
                className={CHECKBOX}
              />
              <span>
                <code className="font-mono text-slate-900">{scope}</code>
                <span className="block text-slate-500">{SCOPE_HELP[scope]}</span>
              </span>
            </label>
          ))}
          {e.scopes ? (
            <p id="scopes-error" role="alert" className="text-sm text-red-600">
              {e.scopes}
            </p>
          ) : null}
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create API key"}
        </Button>
      </form>
    </div>
  );
}
