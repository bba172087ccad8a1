"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/field";
import { errorOf, failed, type ActionState } from "@/lib/action-state";
import { passkeySignInAction, passkeySignInOptionsAction } from "./actions";

/** Signing in with a passkey alone: the browser offers the passkeys it holds for Rollcall. */
export function PasskeySignIn() {
  const router = useRouter();
  const [state, signIn, isPending] = useActionState<ActionState | null>(async () => {
    const options = await passkeySignInOptionsAction();
    if (!options.ok) return options;
    let response;
    try {
      response = await startAuthentication({ optionsJSON: options.data });
    } catch {
      return failed("The browser did not use a passkey (cancelled, or none here)");
    }
    const result = await passkeySignInAction(response);
    if (result.ok) {
      router.replace("/dashboard");
      router.refresh();
    }
    return result;
  }, null);
  return (
    <div className="mt-6 space-y-2 border-t border-slate-200 pt-6">
      <Button
        variant="secondary"
        className="w-full"
        onClick={() => startTransition(signIn)}
        disabled={isPending}
      >
        Continue with a passkey
      </Button>
      <ErrorText message={errorOf(state)} />
    </div>
  );
}
