"use client";

import Link from "next/link";
import { startTransition, useActionState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { ActionState } from "@/lib/action-state";

const LINK = "font-semibold text-indigo-600 hover:underline";

/** What a mailed link's page shows once the link is used, expired or was never Rollcall's. */
export function LinkDoesNotWork({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-3 text-center" data-testid="link-does-not-work">
      <h1 className="text-xl font-semibold">This link does not work</h1>
      <p className="text-sm text-slate-600">{children}</p>
      <Link href="/signin" className={`${LINK} text-sm`}>
        Go to sign in
      </Link>
    </div>
  );
}

/**
 * A mailed link's page asks before it acts: opening the link only shows this button, so a mail
 * scanner that fetches every link it sees uses nothing up. `confirm` is the server action, bound to
 * the link's token; what follows a success is `done` (or the action's redirect).
 */
export function ConfirmLink({
  title,
  children,
  label,
  confirm,
  done,
}: {
  title: string;
  children: ReactNode;
  label: string;
  confirm: () => Promise<ActionState<unknown>>;
  done?: ReactNode;
}) {
  const [state, dispatch, isPending] = useActionState<ActionState<unknown> | null>(() => confirm(), null);
  if (state?.ok && done) return <div role="status">{done}</div>;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">{title}</h1>
        <div className="mt-1 text-sm text-slate-600">{children}</div>
      </div>
      <FormError message={state && !state.ok ? state.error : null} />
      <Button className="w-full" disabled={isPending} onClick={() => startTransition(dispatch)}>
        {label}
      </Button>
    </div>
  );
}
