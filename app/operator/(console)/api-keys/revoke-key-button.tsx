"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { revokeApiKeyAction } from "./actions";

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Revoke"
      accessibleLabel={`Revoke ${name}`}
      title={`Revoke the API key “${name}”?`}
      confirmLabel="Revoke key"
      onConfirm={async () => {
        const result = await revokeApiKeyAction(keyId);
        router.refresh();
        return result;
      }}
    >
      <p>
        Requests with this key are refused from now on (within a few seconds on every instance). This cannot
        be undone: the application that uses it needs a new key.
      </p>
    </ConfirmButton>
  );
}
