"use client";

import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { setAlertsOffAction } from "./actions";

/** Which alert mails the admin gets: every kind is on unless unticked. */
export function AlertForm({ kinds, off }: { kinds: { kind: string; label: string }[]; off: string[] }) {
  const { state, onSubmit, isPending, error } = useFormAction(async (form) =>
    setAlertsOffAction(kinds.map((k) => k.kind).filter((k) => !form.getAll("alert").includes(k))),
  );
  return (
    <form className="space-y-3" onSubmit={onSubmit}>
      <fieldset className="space-y-2">
        <legend className="sr-only">Alerts to get</legend>
        {kinds.map((k) => (
          <label key={k.kind} className="flex items-start gap-3 text-sm text-slate-800">
            <input
              type="checkbox"
              name="alert"
              value={k.kind}
              defaultChecked={!off.includes(k.kind)}
              className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
            />
            {k.label}
          </label>
        ))}
      </fieldset>
      <FormError message={error} />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={isPending}>
          Save alerts
        </Button>
        <span role="status" className="text-sm text-emerald-700">
          {state?.ok ? "Saved." : ""}
        </span>
      </div>
    </form>
  );
}
