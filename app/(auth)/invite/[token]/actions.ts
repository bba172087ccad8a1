"use server";

import { runAction, type ActionState } from "@/lib/action-state";
import { parseInput } from "@/lib/errors";
import { acceptInviteSchema } from "@/lib/tenants/schemas";
import { acceptInvite } from "@/lib/tenants/invites";

export async function acceptInviteAction(token: string, input: Record<string, string>): Promise<ActionState> {
  return runAction(async () => {
    await acceptInvite(token, parseInput(acceptInviteSchema, input));
  });
}
