"use server";

import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { runAction, type ActionState } from "@/lib/action-state";
import { passkeySecondFactor, secondFactorOptions } from "@/lib/auth/passkeys";
import { requirePendingSession } from "@/lib/auth/session";
import { passSecondFactor } from "@/lib/auth/two-factor";

/** The second step of a password sign-in: a code from the authenticator app, or a recovery code. */
export async function verifySecondFactorAction(input: {
  code: string;
  kind: "totp" | "recovery";
}): Promise<ActionState> {
  return runAction(async () => {
    const session = await requirePendingSession();
    await passSecondFactor(session, {
      code: String(input?.code ?? ""),
      kind: input?.kind === "recovery" ? "recovery" : "totp",
    });
  });
}

export async function passkeySecondFactorOptionsAction() {
  return runAction(async () => secondFactorOptions(await requirePendingSession()));
}

export async function passkeySecondFactorAction(response: AuthenticationResponseJSON): Promise<ActionState> {
  return runAction(async () => passkeySecondFactor(await requirePendingSession(), response));
}
