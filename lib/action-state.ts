/**
 * What every server action of the portal answers, and the one place that turns an AppError into
 * it. Forms read it through React's useActionState (components/ui/use-form-action.ts).
 */
import { AppError, type FieldErrors } from "@/lib/errors";

export type ActionState<T = void> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** What went wrong, in one sentence (or, for field problems, a `field: reason` a line). */
      error: string;
      /** A message per form field, shown next to it. */
      fieldErrors: FieldErrors;
    };

export function failed(error: string, fieldErrors: FieldErrors = {}): ActionState<never> {
  return { ok: false, error, fieldErrors };
}

/**
 * Runs a server action's work: its result, or the AppError it threw as the form's state. Anything
 * else is thrown on — a bug, and Next.js's own redirect() and notFound(), which must reach Next.js.
 */
export async function runAction<T = void>(work: () => Promise<T>): Promise<ActionState<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof AppError) return failed(error.message, error.fields);
    throw error;
  }
}

/** A failure's message for the form's banner: none when the failure is told next to its fields. */
export function formError(state: ActionState<unknown> | null): string | null {
  if (!state || state.ok) return null;
  return Object.keys(state.fieldErrors).length > 0 ? null : state.error;
}

/** A failure's message per field (none before the first submit and after a success). */
export function fieldErrorsOf(state: ActionState<unknown> | null): FieldErrors {
  return state && !state.ok ? state.fieldErrors : {};
}

/** A failure's one message, for a control that shows a single line (a button's result). */
export function errorOf(state: ActionState<unknown> | null): string | null {
  return state && !state.ok ? state.error : null;
}

/**
 * A service's failure as the operator console says it: each message starting with a capital (the
 * services' own start in lower case, to follow a field's name in the API's problem details).
 * `notFields` are inputs no form field shows (the endpoint or application a page is about): their
 * problem — gone, changed meanwhile — is the form's message instead.
 */
export function forConsole<T>(outcome: ActionState<T>, notFields: readonly string[] = []): ActionState<T> {
  if (outcome.ok) return outcome;
  const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const fieldErrors = Object.fromEntries(
    Object.entries(outcome.fieldErrors)
      .filter(([field]) => !notFields.includes(field))
      .map(([field, message]) => [field, sentence(message)]),
  );
  return failed(sentence(outcome.error), fieldErrors);
}
