"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { removeAdminAction } from "../actions";

export function RemoveAdminButton({ id, name, email }: { id: string; name: string; email: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <ConfirmButton
        label="Remove"
        accessibleLabel={`Remove ${email}`}
        title={`Remove ${name}?`}
        confirmLabel="Remove administrator"
        onConfirm={async () => {
          const result = await removeAdminAction(id);
          if (!result.ok) {
            setError(result.error);
            return;
          }
          router.refresh();
        }}
      >
        <p>They can no longer sign in to this company, and every session they have open ends at once.</p>
      </ConfirmButton>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </>
  );
}
