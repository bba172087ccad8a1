"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { failed, forConsole, runAction, type ActionState } from "@/lib/action-state";
import { parseInput } from "@/lib/errors";
import {
  applicationInput,
  createApplication,
  redirectUri,
  removeApplication,
  rotateApplicationSecret,
  updateApplication,
} from "@/lib/oidc/applications";
import { requireOperator } from "@/lib/operators/current";

const LIST = "/operator/applications";
const pageOf = (clientId: string) => `${LIST}/${clientId}`;

/** A value as a problem message quotes it: long redirect URIs shortened. */
const quoted = (value: string) => `“${value.length > 80 ? `${value.slice(0, 79)}…` : value}”`;

/**
 * A text area's value, one item a line (blank lines ignored), each line checked with `item`: every
 * bad line is named in the field's message, one a line, so the operator sees which to fix.
 */
const oneALine = (item: z.ZodType<string>) =>
  z
    .string()
    .max(200_000, "Too long")
    .transform((text, ctx) => {
      const values = text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "");
      const problems = values.flatMap((value) => {
        const checked = item.safeParse(value);
        return checked.success ? [] : [`${quoted(value)}: ${checked.error.issues[0]?.message ?? "invalid"}`];
      });
      if (problems.length > 0) ctx.addIssue({ code: "custom", message: problems.join("\n") });
      return values;
    });

/*
 * The form's fields, read with the API's own rules (lib/oidc/applications.ts): each line against
 * `redirectUri`, then the lists as a whole (how many) against applicationInput's.
 */
const rules = applicationInput.shape;
const editSchema = z.object({
  name: rules.name,
  redirectUris: oneALine(redirectUri).pipe(rules.redirectUris),
  postLogoutRedirectUris: oneALine(redirectUri).pipe(rules.postLogoutRedirectUris.unwrap()),
  // No tenant ids: every tenant's people may sign in.
  tenantIds: oneALine(z.string().max(64, "not a tenant id"))
    .transform((ids) => (ids.length > 0 ? ids : null))
    .pipe(rules.tenantIds.unwrap()),
});
const createSchema = editSchema.extend({ public: z.boolean() });

/** What the edit form sends: the text areas as typed. */
export type ApplicationFormInput = z.input<typeof editSchema>;

const clientIdSchema = z.string().max(100);

/** Registers an application; its client secret (none for a public one) is in the answer this once. */
export async function createApplicationAction(
  input: z.input<typeof createSchema>,
): Promise<ActionState<{ clientId: string; clientSecret: string | null }>> {
  await requireOperator();
  const outcome = await runAction(async () => {
    const { application, clientSecret } = await createApplication(parseInput(createSchema, input));
    revalidatePath(LIST);
    return { clientId: application.clientId, clientSecret };
  });
  return forConsole(outcome);
}

/** Runs `work` on the application named by `clientId` (checked first), then refreshes its pages. */
async function onApplication<T>(
  clientId: unknown,
  work: (clientId: string) => Promise<T>,
): Promise<ActionState<T>> {
  await requireOperator();
  const id = clientIdSchema.safeParse(clientId);
  if (!id.success) return failed("No such application");
  const outcome = await runAction(async () => {
    const result = await work(id.data);
    revalidatePath(LIST);
    revalidatePath(pageOf(id.data));
    return result;
  });
  return forConsole(outcome);
}

/** Changes the name, the redirect URIs and the tenants (not the kind: public stays public). */
export async function updateApplicationAction(
  clientId: string,
  input: ApplicationFormInput,
): Promise<ActionState> {
  return onApplication(clientId, async (id) => {
    await updateApplication(id, parseInput(editSchema, input));
  });
}

/**
 * A new client secret, in the answer this once. The current one keeps working for 24 hours, or
 * stops now with `immediately` (it leaked).
 */
export async function rotateApplicationSecretAction(
  clientId: string,
  immediately: boolean,
): Promise<ActionState<{ clientSecret: string; previousSecretValidUntil: string | null }>> {
  return onApplication(clientId, async (id) => {
    const rotated = await rotateApplicationSecret(id, { immediately: parseInput(z.boolean(), immediately) });
    return { clientSecret: rotated.clientSecret, previousSecretValidUntil: rotated.previousSecretValidUntil };
  });
}

/** Removes the application: its tokens stop working at once. */
export async function removeApplicationAction(clientId: string): Promise<ActionState> {
  return onApplication(clientId, (id) => removeApplication(id));
}
