/**
 * The operator CLI's administrator commands (`npm run rollcall -- admin …`). A reset link is how an
 * administrator gets back in where Rollcall sends no email (no SMTP): the operator passes it on.
 */
import { parseArgs } from "node:util";
import { resetLinkFor } from "@/lib/accounts/password-reset";
import { RESET_MINUTES } from "@/lib/auth/constants";
import { AppError } from "@/lib/errors";
import { option } from "./options";

export const ADMIN_USAGE = `  admin reset-link --email <email> [--json]
          prints a link (works once, ${RESET_MINUTES} minutes) where the administrator chooses a new
          password; every session of theirs then ends. For installations without SMTP
`;

async function adminResetLink(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({ args, options: { email: { type: "string" }, json: { type: "boolean" } } });
  const email = option(values, "email");
  const issued = await resetLinkFor(email);
  if (!issued) throw new AppError(`no administrator with email ${email}`, { field: "email" });
  return issued;
}

export const ADMIN_COMMANDS = { "admin reset-link": adminResetLink };
