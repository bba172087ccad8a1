"use server";

import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/action-state";
import { registerPasskey, registrationOptions, removePasskey } from "@/lib/auth/passkeys";
import { actorOf, requireEnrollingAdmin, requireTenantRole } from "@/lib/auth/session";
import {
  confirmTotp,
  disableTotp,
  regenerateRecoveryCodes,
  setRequireTwoFactor,
  startTotpEnrolment,
  twoFactorStatus,
  type TotpEnrolment,
} from "@/lib/auth/two-factor";
import { AppError } from "@/lib/errors";

const PAGE = "/settings/security";

/** A new authenticator secret to scan, with its QR code (it counts once confirmed by a code). */
export async function startTotpAction(): Promise<ActionState<TotpEnrolment>> {
  return runAction(async () => startTotpEnrolment(await requireEnrollingAdmin()));
}

/** Turns the authenticator app on with a code from it; answers the ten recovery codes, shown once. */
export async function confirmTotpAction(code: string): Promise<ActionState<string[]>> {
  return runAction(async () => {
    // No revalidation: the page would replace the codes, shown once, before they are saved.
    return confirmTotp(await requireEnrollingAdmin(), String(code ?? ""));
  });
}

export async function disableTotpAction(code: string): Promise<ActionState> {
  return runAction(async () => {
    await disableTotp(await requireEnrollingAdmin(), String(code ?? ""));
    revalidatePath("/", "layout");
  });
}

export async function regenerateRecoveryCodesAction(): Promise<ActionState<string[]>> {
  return runAction(async () => regenerateRecoveryCodes(await requireEnrollingAdmin()));
}

export async function passkeyRegistrationOptionsAction() {
  return runAction(async () => registrationOptions(await requireEnrollingAdmin()));
}

export async function registerPasskeyAction(
  response: RegistrationResponseJSON,
  name: string,
): Promise<ActionState> {
  return runAction(async () => {
    await registerPasskey(await requireEnrollingAdmin(), response, String(name ?? ""));
    revalidatePath("/", "layout");
  });
}

export async function removePasskeyAction(passkeyId: string): Promise<ActionState> {
  return runAction(async () => {
    await removePasskey(await requireEnrollingAdmin(), String(passkeyId));
    revalidatePath(PAGE);
  });
}

/** The company's rule: every administrator signs in with a second factor (an owner's decision). */
export async function setRequireTwoFactorAction(on: boolean): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("owner");
    const mine = await twoFactorStatus(admin);
    if (on === true && !mine.totp && mine.passkeys.length === 0) {
      throw new AppError("Set up your own second factor first");
    }
    await setRequireTwoFactor(admin.tenantId, actorOf(admin), on === true);
    revalidatePath(PAGE);
  });
}
