"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction, type ActionState } from "@/lib/action-state";
import { AppError, parseInput } from "@/lib/errors";
import { startSignIn, type Interaction } from "@/lib/oidc/interactions";
import { routeEmail, routeSignIn } from "@/lib/oidc/routing";
import { SsoRefusal } from "@/lib/sso/errors";
import { throttleSignInForm, throttleSso } from "@/lib/sso/http";
import type { SsoIdp } from "@/lib/sso/idp";
import { currentInteraction } from "./current";

const emailSchema = z.string().trim().email("Enter your work email address").max(320);

const EXPIRED = "This sign-in has expired. Go back to the application and sign in again.";

/** Where the sign-in starts; a refusal (single sign-on not set up) as the form's message. */
async function start(interaction: Interaction, idp: SsoIdp): Promise<string> {
  try {
    return await startSignIn(interaction, idp);
  } catch (error) {
    if (error instanceof SsoRefusal) {
      throw new AppError("Your company has not finished setting up single sign-on. Ask your administrator.");
    }
    throw error;
  }
}

/** The work email typed for an application's sign-in: its verified domain picks the company. */
export async function signInWithEmailAction(uid: string, email: string): Promise<ActionState> {
  return runAction(async () => {
    const address = parseInput(emailSchema, email);
    await throttleSignInForm(await headers());
    const interaction = await currentInteraction(uid);
    if (!interaction) throw new AppError(EXPIRED, { code: "not_found" });
    const route = await routeEmail(address, interaction.app);
    if (route.kind !== "idp") {
      throw new AppError(
        route.kind === "ask" && route.notice === "not_allowed"
          ? `Your company cannot sign in to ${interaction.app.name}. Ask your administrator.`
          : "No company sign-in is set up for this email domain. Check the address, or ask your administrator.",
        { code: "not_found" },
      );
    }
    redirect(await start(interaction, route.idp));
  });
}

/** The Continue button of the page that names an identity provider's host Rollcall cannot vouch for. */
export async function continueToIdentityProviderAction(form: FormData): Promise<void> {
  const uid = String(form.get("interaction") ?? "");
  const page = `/interaction/${encodeURIComponent(uid)}`;
  const allowed = await throttleSso(await headers());
  if (!allowed.ok) redirect(`${page}/continue?wait=${allowed.retryAfterSeconds}`);
  const interaction = await currentInteraction(uid);
  if (!interaction) redirect(`${page}/continue`);
  const route = await routeSignIn(interaction.params, interaction.app);
  if (route.kind !== "idp") redirect(page);
  let location: string;
  try {
    location = await startSignIn(interaction, route.idp);
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    location = page;
  }
  redirect(location);
}
