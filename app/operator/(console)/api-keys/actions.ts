"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey, revokeApiKey, SCOPES } from "@/lib/api-keys/service";
import { runAction, type ActionState } from "@/lib/action-state";
import { fieldErrors } from "@/lib/errors";
import { requireOperator } from "@/lib/operators/current";

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
  const outcome = await runAction(() => createApiKey(parsed.data.name, parsed.data.scopes));
  if (!outcome.ok) return { fieldErrors: {}, error: outcome.error, created: null, values };
  revalidatePath("/operator/api-keys");
  const { keyId, key } = outcome.data;
  return {
    fieldErrors: {},
    error: null,
    created: { keyId, name: parsed.data.name, key },
    values: { name: "", scopes: [] },
  };
}

const keyIdSchema = z.string().min(1).max(100);

export async function revokeApiKeyAction(keyId: unknown): Promise<ActionState> {
  await requireOperator();
  const parsed = keyIdSchema.safeParse(keyId);
  if (!parsed.success) return { ok: false, error: "No such API key", fieldErrors: {} };
  const outcome = await runAction(() => revokeApiKey(parsed.data));
  if (outcome.ok) revalidatePath("/operator/api-keys");
  return outcome;
}
