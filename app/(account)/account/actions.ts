"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { endUserSession, sessionCookieName } from "@/lib/sso/sessions";

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  await endUserSession(jar.get(sessionCookieName())?.value);
  jar.delete(sessionCookieName());
  redirect("/login?signedOut=1");
}
