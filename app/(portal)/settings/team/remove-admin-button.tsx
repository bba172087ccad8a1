"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { removeAdminAction } from "../actions";

export function RemoveAdminButton({ id, name, email }: { id: string; name: string; email: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Remove"
      accessibleLabel={`Remove ${email}`}
      title={`Remove ${name}?`}
      confirmLabel="Remove administrator"
      onConfirm={async () => {
        const result = await removeAdminAction(id);
        if (result.ok) router.refresh();
        return result;
      }}
    >
      <p>They can no longer sign in to this company, and every session they have open ends at once.</p>
    </ConfirmButton>
  );
}
