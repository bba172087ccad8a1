"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { SaveButton } from "@/components/ui/save-button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { TextField } from "@/components/ui/field";
import { approveHeldAction, rejectHeldAction, saveGuardSettingsAction } from "../actions";

type Settings = { enabled: boolean; percent: number; minUsers: number; windowMinutes: number };

export function GuardSettingsForm({ settings }: { settings: Settings }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const f = new FormData(event.currentTarget);
        setBusy(true);
        setSaved(false);
        const result = await saveGuardSettingsAction({
          enabled: f.get("enabled") === "on",
          percent: f.get("percent"),
          minUsers: f.get("minUsers"),
          windowMinutes: f.get("windowMinutes"),
        });
        setBusy(false);
        if (result.ok) {
          setErrors({});
          setSaved(true);
          router.refresh();
        } else {
          setErrors(result.fieldErrors);
        }
      }}
    >
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
          error={errors.minUsers}
        />
        <TextField
          label="and more than this % of active users"
          name="percent"
          type="number"
          min={1}
          max={100}
          defaultValue={settings.percent}
          error={errors.percent}
        />
        <TextField
          label="within (minutes)"
          name="windowMinutes"
          type="number"
          min={5}
          defaultValue={settings.windowMinutes}
          error={errors.windowMinutes}
        />
      </div>
      <SaveButton label="Save guard settings" busy={busy} saved={saved} />
    </form>
  );
}

/** Approve or reject; the outcome is shown by the page (this card goes away with the held changes). */
export function HeldActions({ count }: { count: number }) {
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <ConfirmButton
        label={`Apply ${count} held change${count === 1 ? "" : "s"}`}
        title="Apply the held disables and deletes?"
        confirmLabel="Apply them"
        onConfirm={async () => {
          const r = await approveHeldAction();
          router.replace(`/settings/guard?applied=${r.applied}&skipped=${r.skipped}`);
          router.refresh();
        }}
      >
        The users are disabled or deleted as your identity provider asked. Deleted users cannot be restored
        from Rollcall.
      </ConfirmButton>
      <ConfirmButton
        label="Reject and keep users active"
        title="Discard the held changes?"
        confirmLabel="Discard them"
        onConfirm={async () => {
          const r = await rejectHeldAction();
          router.replace(`/settings/guard?rejected=${r.rejected}`);
          router.refresh();
        }}
      >
        The users stay active. Your identity provider believes they were disabled or deleted: fix the cause
        there (for example an assignment or scoping change), then restart provisioning to bring both sides in
        step.
      </ConfirmButton>
    </div>
  );
}
