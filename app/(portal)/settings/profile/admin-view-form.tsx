"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useState } from "react";
import type { ActionState } from "@/lib/action-state";
import type { AdminView } from "@/lib/tenants/service";
import { setAdminViewAction } from "../actions";

const OPTIONS: { value: AdminView; label: string; description: string }[] = [
  { value: "basic", label: "Basic", description: "Identity providers and sign-in settings." },
  {
    value: "advanced",
    label: "Advanced",
    description: "Everything in Basic, plus provisioning: tenant URL, tokens, rotation.",
  },
];

export function AdminViewForm({ current }: { current: AdminView }) {
  const router = useRouter();
  const [view, setView] = useState<AdminView>(current);
  const [state, save, pending] = useActionState(async (_: ActionState | null, next: AdminView) => {
    const result = await setAdminViewAction(next);
    router.refresh();
    return result;
  }, null);
  return (
    // The radios stay enabled while a choice saves (disabling them would drop keyboard focus);
    // saves run in order, so the last choice wins.
    <fieldset aria-busy={pending}>
      <legend className="sr-only">Administrator view</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {OPTIONS.map((o) => (
          <label
            key={o.value}
            className={`flex cursor-pointer gap-3 rounded-lg p-4 ring-1 ${
              view === o.value ? "bg-indigo-50 ring-2 ring-indigo-600" : "ring-slate-200 hover:bg-slate-50"
            }`}
          >
            <input
              type="radio"
              name="adminView"
              value={o.value}
              checked={view === o.value}
              className="mt-0.5 h-4 w-4 text-indigo-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              onChange={() => {
                setView(o.value);
                startTransition(() => save(o.value));
              }}
            />
            <span>
              <span className="block text-sm font-semibold text-slate-900">{o.label}</span>
              <span className="block text-sm text-slate-600">{o.description}</span>
            </span>
          </label>
        ))}
      </div>
      <p aria-live="polite" className="mt-3 h-5 text-sm text-emerald-700">
        {state?.ok && !pending ? "Saved" : ""}
      </p>
    </fieldset>
  );
}
