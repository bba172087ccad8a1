"use client";

import { startTransition, useActionState, useId, useRef, useState, type ReactNode } from "react";
import { errorOf, type ActionState } from "@/lib/action-state";
import { Button, type ButtonVariant } from "./button";
import { ErrorText, TextField } from "./field";

/**
 * A button that asks before it acts: opens a modal dialog explaining the consequence; the action
 * runs only on the dialog's confirm button, which stays disabled until it is done — and, with
 * `confirmText`, until that text is typed (for what cannot be undone). A failure the action answers
 * is shown under the button.
 */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  onOpen,
  accessibleLabel,
  confirmText,
  variant = "danger",
}: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<ActionState<unknown> | void> | void;
  /** Runs when the dialog opens (e.g. to count what the action would affect). */
  onOpen?: () => Promise<void> | void;
  /** The button's accessible name when `label` alone is ambiguous (a "Remove" per table row). */
  accessibleLabel?: string;
  /** What the person types to make the confirm button work (the name of what is deleted). */
  confirmText?: string;
  variant?: ButtonVariant;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [outcome, confirm, isPending] = useActionState<ActionState<unknown> | null>(async () => {
    try {
      return (await onConfirm()) ?? null;
    } finally {
      dialog.current?.close();
    }
  }, null);
  const error = errorOf(outcome);
  const titleId = useId();
  const typedId = useId();
  const [typed, setTyped] = useState("");
  return (
    <>
      <Button
        variant={variant === "danger" ? "secondary" : variant}
        aria-label={accessibleLabel}
        onClick={() => {
          setTyped("");
          dialog.current?.showModal();
          void onOpen?.();
        }}
      >
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{children}</div>
          {confirmText === undefined ? null : (
            <TextField
              label={`Type “${confirmText}” to confirm`}
              name={typedId}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </div>
        <div className="flex justify-end gap-2 bg-slate-50 px-5 py-3">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button
            variant={variant}
            disabled={isPending || (confirmText !== undefined && typed !== confirmText)}
            onClick={() => startTransition(confirm)}
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
      <ErrorText message={error} />
    </>
  );
}
