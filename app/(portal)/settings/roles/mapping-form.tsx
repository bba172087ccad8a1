"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ErrorText, FormError, SELECT_CLASS, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { addMappingAction, type GroupChoice } from "./actions";
import { GroupPicker } from "./group-picker";

const RADIO = "mt-0.5 h-4 w-4 shrink-0 rounded-full border-slate-300 text-indigo-600 focus:ring-indigo-600";

type Source = "provisioned" | "claim";

/** Maps a provisioned group, or a name the identity provider sends in its groups claim, to a role. */
export function MappingForm({
  roles,
  groups,
  hasGroups,
  count,
}: {
  roles: { key: string; name: string }[];
  groups: GroupChoice[];
  hasGroups: boolean;
  count: number;
}) {
  const [source, setSource] = useState<Source>(hasGroups ? "provisioned" : "claim");
  const form = useFormAction((data) => {
    const text = (name: string) => String(data.get(name) ?? "").trim();
    return addMappingAction({
      ...(source === "provisioned" ? { groupId: text("groupId") } : { groupName: text("groupName") }),
      role: text("role"),
      precedence: text("precedence") || undefined,
    });
  });
  const e = form.fieldErrors;
  return (
    <div className="space-y-5">
      <div role="status">
        {form.state?.ok ? (
          <Notice tone="green" title="Mapped">
            Members have the role now; your application was told about each user whose roles changed.
          </Notice>
        ) : null}
      </div>
      <form key={form.successes} onSubmit={form.onSubmit} className="space-y-5" noValidate>
        <FormError message={form.error} />
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">Group</legend>
          {hasGroups ? null : (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
              No groups are provisioned yet. Assign groups to the application in your identity provider (they
              arrive with its next provisioning cycle), or map a name from its groups claim.
            </p>
          )}
          <div className="flex flex-col gap-2 sm:flex-row sm:gap-6">
            {(
              [
                ["provisioned", "A provisioned group"],
                ["claim", "A name from the groups claim"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="source"
                  value={value}
                  checked={source === value}
                  disabled={value === "provisioned" && !hasGroups}
                  onChange={() => setSource(value)}
                  className={RADIO}
                />
                <span className={value === "provisioned" && !hasGroups ? "text-slate-600" : undefined}>
                  {label}
                </span>
              </label>
            ))}
          </div>
          {source === "provisioned" ? (
            <GroupPicker initial={groups} error={e.groupId} />
          ) : (
            <TextField
              label="Group name"
              name="groupName"
              error={e.groupName ?? e.groupId}
              hint="Exactly as your identity provider sends it in the groups claim at sign-in (any case). It also matches a provisioned group of that name."
              autoComplete="off"
              required
            />
          )}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1.5">
            <label htmlFor="role" className="block text-sm font-medium text-slate-800">
              Role
            </label>
            <select
              id="role"
              name="role"
              defaultValue=""
              className={SELECT_CLASS}
              aria-invalid={e.role ? true : undefined}
              aria-describedby={e.role ? "role-error" : undefined}
            >
              <option value="" disabled>
                Choose a role
              </option>
              {roles.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.name} ({r.key})
                </option>
              ))}
            </select>
            <ErrorText id="role-error" message={e.role} />
          </div>
          <TextField
            label="Precedence (optional)"
            name="precedence"
            inputMode="numeric"
            error={e.precedence}
            hint={`1 comes first. Empty: last (${count + 1}).`}
            autoComplete="off"
          />
        </div>
        <Button type="submit" disabled={form.isPending}>
          {form.isPending ? "Mapping…" : "Add mapping"}
        </Button>
      </form>
    </div>
  );
}
