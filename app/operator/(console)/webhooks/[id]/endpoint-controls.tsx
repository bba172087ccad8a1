"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorText } from "@/components/ui/field";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { errorOf } from "@/lib/action-state";
import { formatDateTime } from "@/lib/format";
import {
  removeWebhookEndpointAction,
  rotateWebhookSecretAction,
  sendWebhookTestAction,
  setWebhookEnabledAction,
} from "../actions";

/** Enables or disables the endpoint (`enable`), then shows the page as it is now. */
export function EnableButton({
  endpointId,
  enable,
  label,
  variant = "secondary",
}: {
  endpointId: string;
  enable: boolean;
  label: string;
  variant?: ButtonVariant;
}) {
  const router = useRouter();
  const [state, run, isPending] = useActionState(async () => {
    const result = await setWebhookEnabledAction(endpointId, enable);
    if (result.ok) router.refresh();
    return result;
  }, null);
  return (
    <>
      <Button variant={variant} disabled={isPending} onClick={() => startTransition(run)}>
        {label}
      </Button>
      <ErrorText message={errorOf(state)} />
    </>
  );
}

/** Deletes the endpoint after a confirmation naming its URL; then back to the list. */
export function DeleteEndpointButton({ endpointId, url }: { endpointId: string; url: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete endpoint"
      title={`Delete the webhook endpoint ${url}?`}
      confirmLabel="Delete endpoint"
      onConfirm={async () => {
        const result = await removeWebhookEndpointAction(endpointId);
        if (result.ok) router.push("/operator/webhooks");
        return result;
      }}
    >
      <p>
        Its pending deliveries and its delivery log are deleted with it, and the receiver gets no more events.
        This cannot be undone: adding the URL again makes a new endpoint with a new secret.
      </p>
    </ConfirmButton>
  );
}

/** Rotates the signing secret after a confirmation; the new one is shown this once. */
export function RotateSecretButton({ endpointId }: { endpointId: string }) {
  const router = useRouter();
  const [rotated, setRotated] = useState<{ secret: string; previousSecretValidUntil: string } | null>(null);
  return (
    <div className="space-y-4">
      <ConfirmButton
        label="Rotate secret"
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        onConfirm={async () => {
          const result = await rotateWebhookSecretAction(endpointId);
          if (result.ok) {
            setRotated(result.data);
            router.refresh();
          }
          return result;
        }}
      >
        <p>
          A new secret is made and shown once. The current one stays valid for 24 hours: until then every
          webhook carries both signatures, so the receiver can switch to the new secret at any moment of that
          day.
        </p>
      </ConfirmButton>
      {rotated ? (
        <OneTimeSecret
          title="New signing secret"
          label="The new signing secret"
          value={rotated.secret}
          copyLabel="Copy the new signing secret"
          testId="rotated-webhook-secret"
        >
          <p>
            Copy it now and give it to the receiver. <strong>You will not see it again.</strong> The previous
            secret stays valid until {formatDateTime(new Date(rotated.previousSecretValidUntil))}.
          </p>
        </OneTimeSecret>
      ) : null}
    </div>
  );
}

/** Sends a webhook.test event now and says how the endpoint answered. */
export function TestSendButton({ endpointId }: { endpointId: string }) {
  const router = useRouter();
  const [state, send, isPending] = useActionState(async () => {
    const result = await sendWebhookTestAction(endpointId);
    router.refresh();
    return result;
  }, null);
  const result = state?.ok ? state.data : null;
  return (
    <div className="space-y-3">
      <Button variant="secondary" disabled={isPending} onClick={() => startTransition(send)}>
        {isPending ? "Sending…" : "Send test event"}
      </Button>
      <div role="status" data-testid="webhook-test-result">
        {result ? (
          <div
            className={`rounded-md px-4 py-3 text-sm ring-1 ring-inset ${
              result.delivered
                ? "bg-emerald-50 text-emerald-900 ring-emerald-200"
                : "bg-red-50 text-red-900 ring-red-200"
            }`}
          >
            <p className="font-semibold">
              {result.delivered ? "Delivered" : "Not delivered"}
              {result.delivered ? null : ` (${result.outcome.replace("_", " ")})`}
            </p>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
              <dt>Status</dt>
              <dd>{result.statusCode ?? "No answer"}</dd>
              <dt>Latency</dt>
              <dd>{result.latencyMs} ms</dd>
              <dt>Answer</dt>
              <dd className="min-w-0">
                <code className="whitespace-pre-wrap font-mono text-xs [overflow-wrap:anywhere]">
                  {result.excerpt || "(empty)"}
                </code>
              </dd>
            </dl>
          </div>
        ) : null}
        {errorOf(state) ? <p className="text-sm text-red-600">{errorOf(state)}</p> : null}
      </div>
    </div>
  );
}
