"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ErrorText, SELECT_CLASS } from "@/components/ui/field";
import { errorOf, type ActionState } from "@/lib/action-state";
import { ADMIN_ROLES, ROLE_LABELS, type AdminRole } from "@/lib/auth/roles";
import { changeAdminRoleAction, transferOwnershipAction } from "../actions";

/** An owner's controls on another administrator's row: their role, and handing the company over. */
export function AdminRoleControls({
  id,
  name,
  email,
  role,
}: {
  id: string;
  name: string;
  email: string;
  role: AdminRole;
}) {
  const router = useRouter();
  const [state, change, pending] = useActionState(async (_: ActionState | null, next: string) => {
    const result = await changeAdminRoleAction(id, next);
    router.refresh();
    return result;
  }, null);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <select
        aria-label={`Role of ${name}`}
        defaultValue={role}
        disabled={pending}
        className={`${SELECT_CLASS} h-9 w-auto`}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(() => change(next));
        }}
      >
        {ADMIN_ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      {role !== "owner" ? (
        <ConfirmButton
          label="Make owner"
          accessibleLabel={`Make ${email} the owner`}
          title={`Hand the company to ${name}?`}
          confirmLabel="Transfer ownership"
          onConfirm={async () => {
            const result = await transferOwnershipAction(id);
            if (result.ok) router.refresh();
            return result;
          }}
        >
          <p>
            They become an owner, and you become an administrator: you can no longer change the company&apos;s
            settings or its administrators.
          </p>
        </ConfirmButton>
      ) : null}
      <ErrorText message={errorOf(state)} />
    </span>
  );
}
