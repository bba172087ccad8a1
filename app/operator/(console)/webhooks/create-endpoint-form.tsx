"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { CHECKBOX_CLASS, ErrorText, FormError, TextField } from "@/components/ui/field";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { useFormAction } from "@/components/ui/use-form-action";
import { addWebhookEndpointAction } from "./actions";

export function CreateEndpointForm({ types }: { types: readonly { type: string; help: string }[] }) {
  const router = useRouter();
  const {
    state,
    onSubmit,
    isPending,
    error,
    fieldErrors: e,
    successes,
  } = useFormAction(async (form) => {
    const result = await addWebhookEndpointAction({
      url: String(form.get("url") ?? ""),
      description: String(form.get("description") ?? ""),
      tenantId: String(form.get("tenantId") ?? ""),
      eventTypes: form.getAll("eventTypes").map(String),
    });
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <div className="space-y-5">
      {state?.ok ? (
        <OneTimeSecret
          title="Webhook endpoint added"
          label="Its signing secret"
          value={state.data.secret}
          copyLabel="Copy the signing secret"
          testId="new-webhook-secret"
        >
          <p>
            Copy it now and give it to the receiver, which checks each request&apos;s signature with it.{" "}
            <strong>You will not see it again</strong>: if it is lost, rotate the secret on the{" "}
            <Link href={`/operator/webhooks/${state.data.endpointId}`} className="font-medium underline">
              endpoint&apos;s page
            </Link>
            .
          </p>
        </OneTimeSecret>
      ) : null}
      {/* Once an endpoint is added, the fields start empty: keyed by the number of additions. */}
      <form key={successes} onSubmit={onSubmit} className="space-y-5" noValidate>
        <FormError message={error} />
        <TextField
          label="URL"
          name="url"
          type="url"
          inputMode="url"
          error={e.url}
          hint="Where Rollcall POSTs the events: https://, a public address."
          placeholder="https://app.example.com/webhooks/rollcall"
          autoComplete="off"
          required
        />
        <TextField
          label="Description (optional)"
          name="description"
          error={e.description}
          hint="A note for operators, e.g. “Billing service (production)”."
          autoComplete="off"
        />
        <TextField
          label="Tenant id (optional)"
          name="tenantId"
          error={e.tenantId}
          hint="Only this tenant's events. Empty: every tenant's."
          autoComplete="off"
        />
        <fieldset aria-describedby={e.eventTypes ? "eventTypes-error" : "eventTypes-hint"}>
          <legend className="text-sm font-medium text-slate-800">Event types (optional)</legend>
          <p id="eventTypes-hint" className="mt-1 text-xs text-slate-600">
            None chosen: every type, including types added later.
          </p>
          <details className="group mt-2 rounded-md ring-1 ring-inset ring-slate-200">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600">
              Choose event types
            </summary>
            <div className="grid gap-x-6 gap-y-3 border-t border-slate-100 px-3 py-3 sm:grid-cols-2">
              {types.map(({ type, help }) => (
                <label key={type} className="flex items-start gap-3 text-sm">
                  <input type="checkbox" name="eventTypes" value={type} className={CHECKBOX_CLASS} />
                  <span className="min-w-0">
                    <code className="font-mono text-slate-900 [overflow-wrap:anywhere]">{type}</code>
                    <span className="block text-xs text-slate-600">{help}</span>
                  </span>
                </label>
              ))}
            </div>
          </details>
          <ErrorText id="eventTypes-error" message={e.eventTypes} />
        </fieldset>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Adding…" : "Add endpoint"}
        </Button>
      </form>
    </div>
  );
}
