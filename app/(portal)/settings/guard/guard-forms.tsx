"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { SaveButton } from "@/components/ui/save-button";
import { useFormAction } from "@/components/ui/use-form-action";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TextField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { approveHeldAction, rejectHeldAction, saveGuardSettingsAction } from "../actions";

type Settings = { enabled: boolean; percent: number; minUsers: number; windowMinutes: number };

export function GuardSettingsForm({ settings }: { settings: Settings }) {
  const router = useRouter();
  const { state, onSubmit, isPending, fieldErrors } = useFormAction(async (f) => {
    const result = await saveGuardSettingsAction({
      enabled: f.get("enabled") === "on",
      percent: f.get("percent"),
      minUsers: f.get("minUsers"),
      windowMinutes: f.get("windowMinutes"),
    });
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <form className="space-y-5" noValidate onSubmit={onSubmit}>
      <label className="flex items-start gap-3 text-sm">
        <input
          type="checkbox"
          name="enabled"
          defaultChecked={settings.enabled}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
        />
        <span className="font-medium text-slate-900">Hold mass disables and deletes for my approval</span>
      </label>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="More than this many users"
          name="minUsers"
          type="number"
          min={1}
          defaultValue={settings.minUsers}
          error={fieldErrors.minUsers}
        />
        <TextField
          label="and more than this % of active users"
          name="percent"
          type="number"
          min={1}
          max={100}
          defaultValue={settings.percent}
          error={fieldErrors.percent}
        />
        <TextField
          label="within (minutes)"
          name="windowMinutes"
          type="number"
          min={5}
          defaultValue={settings.windowMinutes}
          error={fieldErrors.windowMinutes}
        />
      </div>
      <SaveButton label="Save guard settings" isPending={isPending} state={state} />
    </form>
  );
}

type Held = { id: string; at: string; user: string; kind: string };

/**
 * The held changes, each selectable: apply or reject the selection, or all of them. The outcome is
 * shown by the page (via the query string), which the rows of decided changes leave.
 */
export function HeldChanges({ held, total }: { held: Held[]; total: number }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const ids = selected.size > 0 ? [...selected] : undefined;
  const n = selected.size > 0 ? selected.size : total;
  const which = selected.size > 0 ? `${n} selected` : `all ${n}`;
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <ConfirmButton
          label={`Apply ${which}`}
          title={`Apply ${which} held change${n === 1 ? "" : "s"}?`}
          confirmLabel="Apply them"
          onConfirm={async () => {
            const result = await approveHeldAction(ids);
            setSelected(new Set());
            if (result.ok) {
              const r = result.data;
              router.replace(
                `/settings/guard?applied=${r.applied}&superseded=${r.superseded}&gone=${r.gone}`,
              );
              router.refresh();
            }
            return result;
          }}
        >
          The users are disabled or deleted as your identity provider asked — unless a user changed after the
          change was held (re-enabled or edited): that newer state stays. Deleted users cannot be restored
          from Rollcall.
        </ConfirmButton>
        <ConfirmButton
          label={`Reject ${which} and keep the users`}
          title={`Discard ${which} held change${n === 1 ? "" : "s"}?`}
          confirmLabel="Discard them"
          onConfirm={async () => {
            const result = await rejectHeldAction(ids);
            setSelected(new Set());
            if (result.ok) {
              router.replace(`/settings/guard?rejected=${result.data.rejected}`);
              router.refresh();
            }
            return result;
          }}
        >
          The users stay active. Your identity provider believes they were disabled or deleted: fix the cause
          there (for example an assignment or scoping change), then restart provisioning to bring both sides
          in step.
        </ConfirmButton>
      </div>
      <Table testId="held-changes">
        <thead>
          <tr>
            <Th>
              <span className="sr-only">Select</span>
            </Th>
            <Th>Received</Th>
            <Th>User</Th>
            <Th>Change</Th>
          </tr>
        </thead>
        <tbody>
          {held.map((h) => (
            <tr key={h.id}>
              <Td>
                <input
                  type="checkbox"
                  aria-label={`Select the ${h.kind === "delete" ? "delete" : "disable"} of ${h.user}`}
                  checked={selected.has(h.id)}
                  onChange={(e) => toggle(h.id, e.currentTarget.checked)}
                  className="h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                />
              </Td>
              <Td className="whitespace-nowrap">{h.at}</Td>
              <Td className="break-all">{h.user}</Td>
              <Td>{h.kind === "delete" ? "Delete" : "Disable"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {total > held.length ? (
        <p className="text-sm text-slate-600">
          Showing the first {held.length} of {total}; &quot;all&quot; applies to every one of them.
        </p>
      ) : null}
    </div>
  );
}
