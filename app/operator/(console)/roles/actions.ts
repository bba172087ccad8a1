"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/action-state";
import { requireOperator } from "@/lib/operators/current";
import { addRole, removeRole, roleKeySchema, type RoleInput } from "@/lib/roles/definitions";

const PAGE = "/operator/roles";

/** Defines a role (the service checks the input); answers its key. */
export async function addRoleAction(input: RoleInput): Promise<ActionState<string>> {
  await requireOperator();
  return runAction(async () => {
    const role = await addRole(input);
    revalidatePath(PAGE);
    return role.key;
  });
}

/** Removes a role with every tenant's mappings to it; answers how many tenants used it. */
export async function removeRoleAction(key: unknown): Promise<ActionState<number>> {
  await requireOperator();
  const parsed = roleKeySchema.safeParse(key);
  if (!parsed.success) return { ok: false, error: "No such role", fieldErrors: {} };
  return runAction(async () => {
    const { tenants } = await removeRole(parsed.data);
    revalidatePath(PAGE);
    return tenants;
  });
}
