"use client";

import { ConfirmButton } from "@/components/ui/confirm-button";
import { removeRoleAction } from "./actions";

/** Remove, after saying what goes with the role: every tenant's mappings to it, and users' events. */
export function RemoveRoleButton({
  roleKey,
  name,
  tenants,
}: {
  roleKey: string;
  name: string;
  tenants: number;
}) {
  return (
    <ConfirmButton
      label="Remove"
      accessibleLabel={`Remove the role ${name}`}
      title={`Remove the role “${name}” (${roleKey})?`}
      confirmLabel="Remove role"
      onConfirm={() => removeRoleAction(roleKey)}
    >
      {tenants === 0 ? (
        <p>No tenant uses it yet. Applications stop seeing it in users&apos; roles and ID tokens.</p>
      ) : (
        <p>
          {tenants === 1 ? "One tenant maps" : `${tenants} tenants map`} groups to it or give it by default.
          Those mappings go with it, every user who has it loses it now — the application gets a{" "}
          <code>user.updated</code> event for each — and tenants&apos; administrators cannot bring it back.
        </p>
      )}
    </ConfirmButton>
  );
}
