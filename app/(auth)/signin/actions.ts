"use server";

import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { runAction, type ActionState } from "@/lib/action-state";
import { passkeySignIn, signInOptions } from "@/lib/auth/passkeys";
import { signInFromAction } from "@/lib/auth/sso-session";

/** Options for signing in with a passkey alone (the browser offers the passkeys it has). */
export async function passkeySignInOptionsAction() {
  return runAction(() => signInOptions());
}

/** Signs in the admin whose passkey answered: both factors in one (possession and the person). */
export async function passkeySignInAction(response: AuthenticationResponseJSON): Promise<ActionState> {
  return runAction(async () => signInFromAction(await passkeySignIn(response), "with a passkey"));
}
