"use server";

import { revalidatePath } from "next/cache";
import { actorOf, requireAdmin } from "@/lib/auth/session";
import type { CustomAttributeInput } from "@/lib/custom-attributes/definitions";
import {
  customAttributeUsage,
  defineCustomAttribute,
  listCustomAttributes,
  removeCustomAttribute,
} from "@/lib/custom-attributes/service";
import { AppError } from "@/lib/errors";

export type DefineAttributeState = {
  fieldErrors: Partial<Record<keyof CustomAttributeInput, string>>;
  error: string | null;
  /** The full path of the attribute just defined, for the confirmation. */
  defined: string | null;
  /** The form's values, kept when it is shown again with errors. */
  values: Record<string, string>;
};

export async function defineAttributeAction(
  _state: DefineAttributeState,
  form: FormData,
): Promise<DefineAttributeState> {
  const admin = await requireAdmin();
  const values = Object.fromEntries(
    ["name", "schemaUrn", "type", "description"].map((k) => [k, String(form.get(k) ?? "")]),
  );
  try {
    const defined = await defineCustomAttribute(admin.tenantId, actorOf(admin), {
      name: values.name!,
      schemaUrn: values.schemaUrn!,
      type: values.type as CustomAttributeInput["type"],
      multiValued: form.get("multiValued") === "on",
      caseExact: form.get("caseExact") === "on",
      description: values.description!,
    });
    revalidatePath("/attributes");
    return { fieldErrors: {}, error: null, defined: `${defined.schemaUrn}:${defined.name}`, values: {} };
  } catch (error) {
    if (error instanceof AppError && Object.keys(error.fields).length > 0)
      return { fieldErrors: error.fields, error: null, defined: null, values };
    if (error instanceof AppError) return { fieldErrors: {}, error: error.message, defined: null, values };
    throw error;
  }
}

/** How many users hold a value of the attribute (asked when the admin opens "Remove"). */
export async function attributeUsageAction(id: string): Promise<number | null> {
  const admin = await requireAdmin();
  const attribute = (await listCustomAttributes(admin.tenantId)).find((a) => a.id === id);
  return attribute ? customAttributeUsage(admin.tenantId, attribute) : null;
}

export async function removeAttributeAction(
  id: string,
): Promise<{ usersAffected: number } | { error: string }> {
  const admin = await requireAdmin();
  try {
    const usersAffected = await removeCustomAttribute(admin.tenantId, actorOf(admin), id);
    revalidatePath("/attributes");
    return { usersAffected };
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
}
