import { cookies } from "next/headers";
import { cache } from "react";
import { cookieName } from "@/lib/security/cookies";
import { requireSetupLink, setupLinkStatus } from "@/lib/setup-links/service";

async function browserSecret(): Promise<string | null> {
  return (await cookies()).get(cookieName("setupLink"))?.value ?? null;
}

/** What the set-up link in the address can do for this browser (read once per request). */
export const loadSetup = cache(async (token: string) => setupLinkStatus(token, await browserSecret()));

/** For the set-up actions: who acts through the link, or an AppError saying why it does not work. */
export async function setupPrincipal(token: string) {
  return requireSetupLink(token, await browserSecret());
}
