"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import { SignOutButton } from "@/components/portal/sign-out-button";
import { Button } from "@/components/ui/button";
import { ErrorText, FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf, failed, type ActionState } from "@/lib/action-state";
import {
  passkeySecondFactorAction,
  passkeySecondFactorOptionsAction,
  verifySecondFactorAction,
} from "./actions";

/** The second step of a password sign-in: an authenticator code, a recovery code or a passkey. */
export function VerifyForm({ email, totp, passkey }: { email: string; totp: boolean; passkey: boolean }) {
  const router = useRouter();
  const [kind, setKind] = useState<"totp" | "recovery">(totp ? "totp" : "recovery");
  const done = () => {
    router.replace("/dashboard");
    router.refresh();
  };
  const { onSubmit, isPending, fieldErrors, error, successes } = useFormAction(async (form) => {
    const result = await verifySecondFactorAction({ code: String(form.get("code") ?? ""), kind });
    if (result.ok) done();
    else if (/sign in again/.test(result.error)) router.replace("/signin");
    return result;
  });
  const [passkeyState, askPasskey, passkeyPending] = useActionState<ActionState | null>(async () => {
    const options = await passkeySecondFactorOptionsAction();
    if (!options.ok) return options;
    let response;
    try {
      response = await startAuthentication({ optionsJSON: options.data });
    } catch {
      return failed("The browser did not use a passkey (cancelled, or none here)");
    }
    const result = await passkeySecondFactorAction(response);
    if (result.ok) done();
    return result;
  }, null);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Second step</h1>
        <p className="mt-1 text-sm text-slate-600 [overflow-wrap:anywhere]">
          Your password for {email} was right. Now prove it is you.
        </p>
      </div>
      {passkey ? (
        <div className="space-y-2">
          <Button className="w-full" onClick={() => startTransition(askPasskey)} disabled={passkeyPending}>
            Use a passkey
          </Button>
          <ErrorText message={errorOf(passkeyState)} />
        </div>
      ) : null}
      <form className="space-y-4" noValidate onSubmit={onSubmit}>
        <TextField
          key={`${kind}-${successes}`}
          label={kind === "totp" ? "Code from your authenticator app" : "Recovery code"}
          name="code"
          inputMode={kind === "totp" ? "numeric" : "text"}
          autoComplete="one-time-code"
          autoFocus={!passkey}
          error={fieldErrors.code}
          required
        />
        <FormError message={error} />
        <Button
          type="submit"
          variant={passkey ? "secondary" : "primary"}
          className="w-full"
          disabled={isPending}
        >
          Continue
        </Button>
      </form>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        {totp ? (
          <button
            type="button"
            className="font-medium text-indigo-600 hover:underline"
            onClick={() => setKind(kind === "totp" ? "recovery" : "totp")}
          >
            {kind === "totp" ? "Use a recovery code instead" : "Use your authenticator app"}
          </button>
        ) : (
          <span />
        )}
        <SignOutButton />
      </div>
    </div>
  );
}
