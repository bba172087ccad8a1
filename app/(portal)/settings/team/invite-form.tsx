"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyField } from "@/components/ui/copy-button";
import { ErrorText, SELECT_CLASS, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf, type ActionState } from "@/lib/action-state";
import { formatDateTime } from "@/lib/format";
import { ADMIN_ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, type AdminRole } from "@/lib/auth/roles";
import type { InviteResult } from "@/lib/tenants/invites";
import { inviteAdminAction, revokeInviteAction } from "../actions";

/** What an invitation answered: mailed, or (no SMTP) the link to pass on. */
function InviteOutcome({ result }: { result: InviteResult }) {
  if (result.link) {
    return (
      <CopyField label="Invite link — send it to your colleague" value={result.link} testId="invite-link" />
    );
  }
  return (
    <p role="status" className="text-sm text-emerald-700" data-testid="invite-sent">
      Invitation sent to {result.email}. The link works until {formatDateTime(new Date(result.expiresAt))}.
    </p>
  );
}

export function InviteForm() {
  const router = useRouter();
  const { state, onSubmit, isPending, successes } = useFormAction(async (form) => {
    const result = await inviteAdminAction(String(form.get("email") ?? ""), String(form.get("role") ?? ""));
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <div className="space-y-4">
      <form className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate onSubmit={onSubmit}>
        <div className="space-y-1.5">
          <label htmlFor="role" className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select id="role" name="role" defaultValue="admin" className={`${SELECT_CLASS} h-9 sm:w-44`}>
            {ADMIN_ROLES.map((r) => (
              <option key={r} value={r} title={ROLE_DESCRIPTIONS[r]}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex-1">
          {/* A new invite starts from an empty field. */}
          <TextField
            key={successes}
            label="Email"
            name="email"
            type="email"
            error={errorOf(state) ?? undefined}
            required
          />
        </div>
        <Button type="submit" className="sm:mt-7" disabled={isPending}>
          Invite
        </Button>
      </form>
      {state?.ok ? <InviteOutcome result={state.data} /> : null}
    </div>
  );
}

/** An open invite's controls: send it again (a new link and expiry, the same role) and revoke it. */
export function InviteControls({ id, email, role }: { id: string; email: string; role: AdminRole }) {
  const router = useRouter();
  const { state, onSubmit, isPending } = useFormAction<InviteResult>(async () => {
    const result = await inviteAdminAction(email, role);
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <form onSubmit={onSubmit}>
        <Button type="submit" variant="secondary" disabled={isPending} aria-label={`Send again to ${email}`}>
          Send again
        </Button>
      </form>
      <ConfirmButton
        label="Revoke"
        accessibleLabel={`Revoke the invite to ${email}`}
        title={`Revoke the invite to ${email}?`}
        confirmLabel="Revoke invite"
        onConfirm={async (): Promise<ActionState> => {
          const result = await revokeInviteAction(id);
          if (result.ok) router.refresh();
          return result;
        }}
      >
        <p>The link stops working at once. You can invite the address again later.</p>
      </ConfirmButton>
      {state ? (
        <div className="basis-full text-right">
          {state.ok ? <InviteOutcome result={state.data} /> : <ErrorText message={errorOf(state)} />}
        </div>
      ) : null}
    </div>
  );
}
