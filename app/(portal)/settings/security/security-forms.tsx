"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorText, FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf, failed, type ActionState } from "@/lib/action-state";
import type { TotpEnrolment } from "@/lib/auth/two-factor";
import {
  confirmTotpAction,
  disableTotpAction,
  passkeyRegistrationOptionsAction,
  regenerateRecoveryCodesAction,
  registerPasskeyAction,
  removePasskeyAction,
  setRequireTwoFactorAction,
  startTotpAction,
} from "./actions";

/** Recovery codes, shown once, to keep somewhere safe. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-2 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="recovery-codes">
      <p className="text-sm font-medium text-slate-900">
        Your recovery codes — keep them somewhere safe. Each works once, when your authenticator app is not at
        hand. They are not shown again.
      </p>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm text-slate-800 sm:grid-cols-5">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}

/** Setting up the authenticator app: the QR code to scan, then a code from the app. */
export function TotpSetup() {
  const router = useRouter();
  const [enrolment, start, starting] = useActionState<ActionState<TotpEnrolment> | null>(
    () => startTotpAction(),
    null,
  );
  // The page shows the app as on after "Done": until then it keeps the codes, shown only once.
  const { state, onSubmit, isPending, fieldErrors } = useFormAction((form) =>
    confirmTotpAction(String(form.get("code") ?? "")),
  );
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <p role="status" className="text-sm text-emerald-700">
          Your authenticator app is on.
        </p>
        <RecoveryCodes codes={state.data} />
        <Button onClick={() => router.refresh()}>Done, I saved them</Button>
      </div>
    );
  }
  if (!enrolment?.ok) {
    return (
      <div className="space-y-2">
        <Button onClick={() => startTransition(start)} disabled={starting}>
          Set up an authenticator app
        </Button>
        <ErrorText message={errorOf(enrolment)} />
      </div>
    );
  }
  const { qrCode, secret } = enrolment.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server */}
        <img src={qrCode} alt="QR code to scan with your authenticator app" width={200} height={200} />
        <div className="min-w-0 space-y-2 text-sm text-slate-700">
          <p>
            Scan the code with your authenticator app (1Password, Google Authenticator, Microsoft
            Authenticator…).
          </p>
          <p>Cannot scan? Type this key in the app:</p>
          <p className="font-mono text-slate-900 [overflow-wrap:anywhere]" data-testid="totp-secret">
            {secret}
          </p>
        </div>
      </div>
      <form className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate onSubmit={onSubmit}>
        <div className="sm:w-48">
          <TextField
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            error={fieldErrors.code}
            required
          />
        </div>
        <Button type="submit" className="sm:mt-7" disabled={isPending}>
          Turn on
        </Button>
      </form>
    </div>
  );
}

/** With the app on: new recovery codes, or turning it off (a current code required). */
export function TotpControls({ codesLeft }: { codesLeft: number }) {
  const router = useRouter();
  const [codes, regenerate, regenerating] = useActionState<ActionState<string[]> | null>(
    () => regenerateRecoveryCodesAction(),
    null,
  );
  const { onSubmit, isPending, fieldErrors, error } = useFormAction(async (form) => {
    const result = await disableTotpAction(String(form.get("code") ?? ""));
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        On. {codesLeft} recovery code{codesLeft === 1 ? "" : "s"} left.
      </p>
      {codes?.ok ? <RecoveryCodes codes={codes.data} /> : null}
      <Button variant="secondary" onClick={() => startTransition(regenerate)} disabled={regenerating}>
        New recovery codes
      </Button>
      <form className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate onSubmit={onSubmit}>
        <div className="sm:w-48">
          <TextField
            label="Code to turn it off"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            error={fieldErrors.code}
            required
          />
        </div>
        <Button type="submit" variant="danger" className="sm:mt-7" disabled={isPending}>
          Turn off
        </Button>
      </form>
      <FormError message={error} />
    </div>
  );
}

/** Adds a passkey of this device or a security key. */
export function AddPasskey() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [state, add, isPending] = useActionState<ActionState | null>(async () => {
    const options = await passkeyRegistrationOptionsAction();
    if (!options.ok) return options;
    let response;
    try {
      response = await startRegistration({ optionsJSON: options.data });
    } catch {
      return failed("The browser did not create a passkey (cancelled, or not supported here)");
    }
    const result = await registerPasskeyAction(response, name);
    if (result.ok) {
      setName("");
      router.refresh();
    }
    return result;
  }, null);
  return (
    <form
      className="flex flex-col gap-3 sm:flex-row sm:items-start"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(add);
      }}
    >
      <div className="sm:w-64">
        <TextField
          label="Name"
          name="passkeyName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="This laptop"
          maxLength={60}
        />
      </div>
      <Button type="submit" className="whitespace-nowrap sm:mt-7" disabled={isPending}>
        Add a passkey
      </Button>
      <div className="basis-full">
        <ErrorText message={errorOf(state)} />
        {state?.ok ? (
          <p role="status" className="text-sm text-emerald-700">
            Passkey added.
          </p>
        ) : null}
      </div>
    </form>
  );
}

export function RemovePasskey({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Remove"
      accessibleLabel={`Remove the passkey ${name}`}
      title={`Remove the passkey “${name}”?`}
      confirmLabel="Remove passkey"
      onConfirm={async () => {
        const result = await removePasskeyAction(id);
        if (result.ok) router.refresh();
        return result;
      }}
    >
      <p>It no longer signs you in. Remove it from the device or password manager too.</p>
    </ConfirmButton>
  );
}

/** The owner's switch: every administrator of the company must have a second factor. */
export function RequireTwoFactorForm({ required }: { required: boolean }) {
  const router = useRouter();
  const [on, setOn] = useState(required);
  const [state, save, pending] = useActionState(async (_: ActionState | null, next: boolean) => {
    const result = await setRequireTwoFactorAction(next);
    if (!result.ok) setOn(!next);
    router.refresh();
    return result;
  }, null);
  return (
    <div className="space-y-2">
      <div className="flex items-start gap-3 text-sm">
        <input
          id="requireTwoFactor"
          type="checkbox"
          checked={on}
          disabled={pending}
          aria-describedby="requireTwoFactor-hint"
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
          onChange={(e) => {
            const next = e.target.checked;
            setOn(next);
            startTransition(() => save(next));
          }}
        />
        <div>
          <label htmlFor="requireTwoFactor" className="font-medium text-slate-900">
            Require two-factor sign-in for all administrators
          </label>
          <p id="requireTwoFactor-hint" className="text-slate-600">
            Administrators without an authenticator app or a passkey are sent here to set one up before they
            can do anything else. Sign-in through your identity provider relies on its own checks.
          </p>
        </div>
      </div>
      <ErrorText message={errorOf(state)} />
    </div>
  );
}
