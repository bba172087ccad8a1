"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { errorOf } from "@/lib/action-state";
import { startSetupAction } from "./actions";

/** The button that binds the link to this browser (a link preview or a mail scanner never presses it). */
export function StartSetup({ token }: { token: string }) {
  const router = useRouter();
  const [state, start, isPending] = useActionState(async () => {
    const result = await startSetupAction(token);
    if (result.ok) router.refresh();
    return result;
  }, null);
  return (
    <div className="space-y-3">
      <FormError message={errorOf(state)} />
      <Button
        aria-disabled={isPending || undefined}
        onClick={() => {
          if (!isPending) startTransition(start);
        }}
      >
        {isPending ? "Starting…" : "Start the set-up in this browser"}
      </Button>
    </div>
  );
}
