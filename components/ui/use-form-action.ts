"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { fieldErrorsOf, formError, type ActionState } from "@/lib/action-state";

type Submitted<T> = { state: ActionState<T> | null; successes: number };

/**
 * A form on React's useActionState (docs/decisions/0011): submitting reads the form's FormData,
 * and `submit(form)` — which calls the server action with its typed input and does whatever
 * follows a success (navigate, refresh) — runs as the form's action, in a transition. React does
 * not reset the fields (as it would for `<form action>`), so what the person typed stays next to
 * the errors; `successes` changes with each success, as the key of fields that start afresh.
 */
export function useFormAction<T>(submit: (form: FormData) => Promise<ActionState<T>>) {
  const [{ state, successes }, dispatch, isPending] = useActionState(
    async (previous: Submitted<T>, form: FormData): Promise<Submitted<T>> => {
      const next = await submit(form);
      return { state: next, successes: previous.successes + (next.ok ? 1 : 0) };
    },
    { state: null, successes: 0 },
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
  return {
    state,
    isPending,
    onSubmit,
    /** The banner's message: a failure not tied to a field. */
    error: formError(state),
    fieldErrors: fieldErrorsOf(state),
    successes,
  };
}
