"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { removeAdminAction } from "../actions";

/** Removes an administrator — or, on one's own row, leaves the company (never as its last admin). */
export function RemoveAdminButton({
  id,
  name,
  email,
  self,
}: {
  id: string;
  name: string;
  email: string;
  self: boolean;
}) {
  const router = useRouter();
  return (
    <ConfirmButton
      label={self ? "Leave" : "Remove"}
      accessibleLabel={self ? "Leave the company" : `Remove ${email}`}
      title={self ? "Leave this company?" : `Remove ${name}?`}
      confirmLabel={self ? "Leave company" : "Remove administrator"}
      onConfirm={async () => {
        const result = await removeAdminAction(id);
        if (result.ok) router.refresh();
        return result;
      }}
    >
      <p>
        {self
          ? "You can no longer sign in to this company, and you are signed out everywhere. Another administrator can invite you again."
          : "They can no longer sign in to this company, and every session they have open ends at once."}
      </p>
    </ConfirmButton>
  );
}
