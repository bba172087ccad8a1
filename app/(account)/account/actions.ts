"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";
import { endUserSession } from "@/lib/sso/sessions";

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  await endUserSession(jar.get(cookieName("userSession"))?.value);
  jar.set(cookieName("userSession"), "", cookieAttributes("userSession", { clear: true }));
  redirect("/login?signedOut=1");
}
