"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import type { ActionState } from "@/lib/action-state";
import { setAdminSsoAction } from "../actions";

/** Whether administrators may sign in through the company's identity provider. */
export function AdminSsoForm({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [on, setOn] = useState(enabled);
  const [state, save, pending] = useActionState(async (_: ActionState | null, next: boolean) => {
    const result = await setAdminSsoAction(next);
    router.refresh();
    return result;
  }, null);
  return (
    <div>
      <div className="flex items-start gap-3 text-sm">
        <input
          id="adminSso"
          type="checkbox"
          name="adminSso"
          checked={on}
          disabled={pending}
          aria-describedby="adminSso-hint"
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
          onChange={(e) => {
            const next = e.target.checked;
            setOn(next);
            startTransition(() => save(next));
          }}
        />
        <div>
          <label htmlFor="adminSso" className="font-medium text-slate-900">
            Administrators may sign in through your identity provider
          </label>
          <p id="adminSso-hint" className="text-slate-600">
            An administrator whose address the identity provider vouches for (NameID, UPN or email claim) is
            signed in to this portal. Passwords keep working.
          </p>
        </div>
      </div>
      <p aria-live="polite" className="mt-2 h-5 text-sm text-emerald-700">
        {state?.ok && !pending ? "Saved" : ""}
      </p>
    </div>
  );
}
