"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { OPERATOR_SIGN_IN_PATH } from "@/lib/operators/current";
import { endOperatorSession } from "@/lib/operators/sessions";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";

/** Ends this browser's operator session on the server and clears its cookie. */
export async function operatorSignOutAction(): Promise<void> {
  const jar = await cookies();
  await endOperatorSession(jar.get(cookieName("operatorSession"))?.value);
  jar.set(cookieName("operatorSession"), "", cookieAttributes("operatorSession", { clear: true }));
  redirect(OPERATOR_SIGN_IN_PATH);
}
