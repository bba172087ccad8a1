"use client";

import { useRouter } from "next/navigation";
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
  const router = useRouter();
  const {
    state,
    onSubmit,
    isPending,
    error,
    fieldErrors: e,
  } = useFormAction(async (form) => {
    const result = await setDefaultRoleAction(String(form.get("defaultRole") ?? ""));
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div role="status">{state?.ok ? <Notice tone="green">Saved.</Notice> : null}</div>
      <FormError message={error} />
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
          <p id="defaultRole-hint" className="text-xs text-slate-500">
            Every user no mapping matches has it; with none, such users have no role.
          </p>
        )}
        <ErrorText id="defaultRole-error" message={e.role} />
      </div>
      <Button type="submit" disabled={isPending}>
        {isPending ? "Saving…" : "Save default role"}
      </Button>
    </form>
  );
}
