"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { SsoRefusal } from "@/lib/sso/errors";
import { throttleSso } from "@/lib/sso/http";
import { findSsoIdp, idpForEmail } from "@/lib/sso/idp";
import { signInRedirect } from "@/lib/sso/service";

export type FindIdpState = { error: string | null; email: string };

const emailSchema = z.string().trim().email("Enter your work email address").max(320);

/**
 * Finds the identity provider for the email's domain and starts sign-in there. Only a verified
 * domain routes, and it goes straight to its tenant's login URL: the person typed an address at a
 * domain whose owner chose that identity provider.
 */
export async function findIdentityProviderAction(
  _state: FindIdpState,
  form: FormData,
): Promise<FindIdpState> {
  const raw = String(form.get("email") ?? "");
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter your email", email: raw };
  const allowed = await throttleSso(await headers());
  if (!allowed.ok) {
    return {
      error: `Too many sign-in attempts from your network. Try again in ${allowed.retryAfterSeconds} seconds.`,
      email: raw,
    };
  }
  const idp = await idpForEmail(parsed.data);
  if (!idp) {
    return {
      error:
        "No company sign-in is set up for this email domain. Use the sign-in link your administrator gave you, or ask them to add the domain.",
      email: raw,
    };
  }
  let location: string;
  try {
    location = await signInRedirect(idp);
  } catch (error) {
    if (error instanceof SsoRefusal) redirect(`/account/refused?reason=${error.code}`);
    throw error;
  }
  redirect(location);
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
  let location: string;
  try {
    location = await signInRedirect(idp);
  } catch (error) {
    if (error instanceof SsoRefusal) redirect(`/account/refused?reason=${error.code}`);
    throw error;
  }
  redirect(location);
}
