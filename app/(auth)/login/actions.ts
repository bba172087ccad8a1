"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { publicIdForEmail } from "@/lib/sso/idp";

export type FindIdpState = { error: string | null; email: string };

const emailSchema = z.string().trim().email("Enter your work email address").max(320);

/** Finds the identity provider for the email's domain and starts sign-in there. */
export async function findIdentityProviderAction(
  _state: FindIdpState,
  form: FormData,
): Promise<FindIdpState> {
  const raw = String(form.get("email") ?? "");
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter your email", email: raw };
  const publicId = await publicIdForEmail(parsed.data);
  if (!publicId) {
    return {
      error:
        "No company sign-in is set up for this email domain. Use the sign-in link your administrator gave you, or ask them to add the domain.",
      email: raw,
    };
  }
  redirect(`/api/sso/${publicId}/login`);
}
