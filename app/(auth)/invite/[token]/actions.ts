"use server";

import { AppError } from "@/lib/errors";
import { acceptInviteSchema } from "@/lib/tenants/schemas";
import { acceptInvite } from "@/lib/tenants/service";

export type AcceptState = { ok: boolean; fieldErrors: Record<string, string>; error?: string };

export async function acceptInviteAction(token: string, input: Record<string, string>): Promise<AcceptState> {
  const parsed = acceptInviteSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { ok: false, fieldErrors };
  }
  try {
    await acceptInvite(token, parsed.data);
    return { ok: true, fieldErrors: {} };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, fieldErrors: {}, error: error.message };
    throw error;
  }
}
