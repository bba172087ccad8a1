/**
 * The signed-in operator, for the operator console's pages and server actions. Only the operator
 * session cookie is read: an administrator's session (next-auth) or a provisioned user's never
 * opens the console, and an operator's cookie opens nothing outside it.
 */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { cookieName } from "@/lib/security/cookies";
import { sessionOperator, type SessionOperator } from "./sessions";

export const OPERATOR_SIGN_IN_PATH = "/operator/signin";

/** The operator of this request's live session, or null. Cached for the rest of the request. */
export const currentOperator = cache(async (): Promise<SessionOperator | null> => {
  return sessionOperator((await cookies()).get(cookieName("operatorSession"))?.value);
});

/** For every console page and server action: the operator, or a redirect to operator sign-in. */
export async function requireOperator(): Promise<SessionOperator> {
  const operator = await currentOperator();
  if (!operator) redirect(OPERATOR_SIGN_IN_PATH);
  return operator;
}
