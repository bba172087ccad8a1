"use client";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ErrorText, FormError, SELECT_CLASS } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { setDefaultRoleAction } from "./actions";

export function DefaultRoleForm({
  roles,
  current,
}: {
  roles: { key: string; name: string }[];
  current: string | null;
}) {
  const form = useFormAction((data) => setDefaultRoleAction(String(data.get("defaultRole") ?? "")));
  const e = form.fieldErrors;
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <div role="status">{form.state?.ok ? <Notice tone="green">Saved.</Notice> : null}</div>
      <FormError message={form.error} />
      <div className="space-y-1.5">
        <label htmlFor="defaultRole" className="block text-sm font-medium text-slate-800">
          Default role
        </label>
        <select
          id="defaultRole"
          name="defaultRole"
          defaultValue={current ?? ""}
          className={`${SELECT_CLASS} sm:max-w-xs`}
          aria-invalid={e.role ? true : undefined}
          aria-describedby={e.role ? "defaultRole-error" : "defaultRole-hint"}
        >
          <option value="">No default role</option>
          {roles.map((r) => (
            <option key={r.key} value={r.key}>
              {r.name} ({r.key})
            </option>
          ))}
        </select>
        {e.role ? null : (
          <p id="defaultRole-hint" className="text-xs text-slate-600">
            Every user no mapping matches has it; with none, such users have no role.
          </p>
        )}
        <ErrorText id="defaultRole-error" message={e.role} />
      </div>
      <Button type="submit" disabled={form.isPending}>
        {form.isPending ? "Saving…" : "Save default role"}
      </Button>
    </form>
  );
}
