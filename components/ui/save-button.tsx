import type { ActionState } from "@/lib/action-state";
import { Button } from "./button";

/** A form's submit button, with "Saving…" while pending and a "Saved" status after a success. */
export function SaveButton({
  label,
  isPending,
  state,
}: {
  label: string;
  isPending: boolean;
  state: ActionState<unknown> | null;
}) {
  return (
    <div className="flex items-center gap-3">
      <Button type="submit" disabled={isPending}>
        {isPending ? "Saving…" : label}
      </Button>
      {state?.ok && !isPending ? (
        <span role="status" className="text-sm text-emerald-700">
          Saved
        </span>
      ) : null}
    </div>
  );
}
