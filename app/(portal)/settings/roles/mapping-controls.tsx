"use client";

import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorText } from "@/components/ui/field";
import { errorOf, type ActionState } from "@/lib/action-state";
import { moveMappingAction, removeMappingAction } from "./actions";

/** Move up, move down and remove (after asking) for one mapping. */
export function MappingControls({
  id,
  label,
  precedence,
  last,
}: {
  id: string;
  /** "Sales → Administrator", for the buttons' accessible names. */
  label: string;
  precedence: number;
  last: boolean;
}) {
  // The actions revalidate the page: the new order shows without a refresh of our own.
  const [moved, move, moving] = useActionState<ActionState | null, number>(
    (_previous, to) => moveMappingAction(id, to),
    null,
  );
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="secondary"
          aria-label={`Move ${label} up`}
          disabled={moving || precedence === 1}
          onClick={() => startTransition(() => move(precedence - 1))}
        >
          <span aria-hidden>↑</span>
        </Button>
        <Button
          variant="secondary"
          aria-label={`Move ${label} down`}
          disabled={moving || last}
          onClick={() => startTransition(() => move(precedence + 1))}
        >
          <span aria-hidden>↓</span>
        </Button>
        <ConfirmButton
          label="Remove"
          accessibleLabel={`Remove ${label}`}
          title={`Remove the mapping ${label}?`}
          confirmLabel="Remove mapping"
          onConfirm={() => removeMappingAction(id)}
        >
          <p>
            Members of the group lose this role unless another mapping gives it to them (users no mapping
            matches get the default role). Your application is told about each user whose roles change.
          </p>
        </ConfirmButton>
      </div>
      <ErrorText message={errorOf(moved)} />
    </div>
  );
}
