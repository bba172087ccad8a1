"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey, revokeApiKey, SCOPES } from "@/lib/api-keys/service";
import { DomainError } from "@/lib/errors";
import { requireOperator } from "@/lib/operators/current";
import { fieldErrors } from "@/lib/validation";

export type CreateKeyState = {
  fieldErrors: Partial<Record<"name" | "scopes", string>>;
  error: string | null;
  /** The key just created: shown this once. */
  created: { keyId: string; name: string; key: string } | null;
  /** The form's values, kept when it is shown again with errors. */
  values: { name: string; scopes: string[] };
};

const createKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key").max(120, "Use at most 120 characters"),
  scopes: z
    .array(z.enum(SCOPES, { error: "Choose scopes from the list" }))
    .min(1, "Choose at least one scope")
    .max(SCOPES.length),
});

export async function createApiKeyAction(_state: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  await requireOperator();
  const values = {
    name: String(form.get("name") ?? "").slice(0, 200),
    scopes: form.getAll("scopes").map(String).slice(0, 10),
  };
  const parsed = createKeySchema.safeParse(values);
  if (!parsed.success) {
    return { fieldErrors: fieldErrors(parsed.error.issues), error: null, created: null, values };
  }
  try {
    const { keyId, key } = await createApiKey(parsed.data.name, parsed.data.scopes);
    revalidatePath("/operator/api-keys");
    return {
      fieldErrors: {},
      error: null,
      created: { keyId, name: parsed.data.name, key },
      values: { name: "", scopes: [] },
    };
  } catch (error) {
    if (error instanceof DomainError) return { fieldErrors: {}, error: error.message, created: null, values };
    throw error;
  }
}

const keyIdSchema = z.string().min(1).max(100);

export async function revokeApiKeyAction(
  keyId: unknown,
): Promise<{ ok: true } | { ok: false; error: string }> {
  await requireOperator();
  const parsed = keyIdSchema.safeParse(keyId);
  if (!parsed.success) return { ok: false, error: "No such API key" };
  try {
    await revokeApiKey(parsed.data);
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.message };
    throw error;
  }
  revalidatePath("/operator/api-keys");
  return { ok: true };
}
