"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction, type ActionState } from "@/lib/action-state";
import { AppError, parseInput } from "@/lib/errors";
import { bindBrowserInAction } from "@/lib/sso/browser-binding";
import { SsoRefusal } from "@/lib/sso/errors";
import { throttleSignInForm, throttleSso } from "@/lib/sso/http";
import { findSsoIdp, idpForEmail, type SsoIdp } from "@/lib/sso/idp";
import { signInRedirect } from "@/lib/sso/service";

const emailSchema = z.string().trim().email("Enter your work email address").max(320);

/**
 * Finds the identity provider for the email's domain and starts sign-in there. Only a verified
 * domain routes, and it goes straight to its tenant's login URL: the person typed an address at a
 * domain whose owner chose that identity provider.
 */
export async function findIdentityProviderAction(email: string): Promise<ActionState> {
  return runAction(async () => {
    const address = parseInput(emailSchema, email);
    await throttleSignInForm(await headers());
    const idp = await idpForEmail(address);
    if (!idp) {
      throw new AppError(
        "No company sign-in is set up for this email domain. Use the sign-in link your administrator gave you, or ask them to add the domain.",
        { code: "not_found" },
      );
    }
    redirect(await startSignIn(idp));
  });
}

/**
 * Where sign-in at `idp` starts, or the page that says why it is refused. The sign-in is bound to
 * this browser (lib/sso/browser-binding.ts).
 */
async function startSignIn(idp: SsoIdp): Promise<string> {
  try {
    return await signInRedirect(idp, { binding: await bindBrowserInAction() });
  } catch (error) {
    if (error instanceof SsoRefusal) return `/account/refused?reason=${error.code}`;
    throw error;
  }
}

/**
 * The Continue button of the page a company sign-in link shows when Rollcall cannot vouch for the
 * login URL's host: starts the sign-in there. A server action, so only a page of Rollcall's own
 * origin can make it (Next.js checks the Origin), unlike a link an attacker could share.
 */
export async function continueSignInAction(form: FormData): Promise<void> {
  const publicId = String(form.get("idp") ?? "");
  const allowed = await throttleSso(await headers());
  if (!allowed.ok) redirect(`/login?idp=${encodeURIComponent(publicId)}&wait=${allowed.retryAfterSeconds}`);
  const idp = await findSsoIdp(publicId);
  if (!idp) redirect(`/login?idp=${encodeURIComponent(publicId)}`);
  redirect(await startSignIn(idp));
}
