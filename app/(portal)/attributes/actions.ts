"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/action-state";
import { actorOf, requireAdmin, requireTenantRole } from "@/lib/auth/session";
import type { CustomAttributeInput } from "@/lib/custom-attributes/definitions";
import {
  customAttributeUsage,
  defineCustomAttribute,
  listCustomAttributes,
  removeCustomAttribute,
} from "@/lib/custom-attributes/service";

/** Defines a custom attribute; answers its full path, for the confirmation. */
export async function defineAttributeAction(input: CustomAttributeInput): Promise<ActionState<string>> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    const defined = await defineCustomAttribute(admin.tenantId, actorOf(admin), input);
    revalidatePath("/attributes");
    return `${defined.schemaUrn}:${defined.name}`;
  });
}

/** How many users hold a value of the attribute (asked when the admin opens "Remove"). */
export async function attributeUsageAction(id: string): Promise<ActionState<number | null>> {
  return runAction(async () => {
    const admin = await requireAdmin();
    const attribute = (await listCustomAttributes(admin.tenantId)).find((a) => a.id === id);
    return attribute ? customAttributeUsage(admin.tenantId, attribute) : null;
  });
}

/** Removes the attribute and every value of it; answers how many users had one. */
export async function removeAttributeAction(id: string): Promise<ActionState<number>> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    const usersAffected = await removeCustomAttribute(admin.tenantId, actorOf(admin), id);
    revalidatePath("/attributes");
    return usersAffected;
  });
}
