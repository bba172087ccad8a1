"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { revokeApiKeyAction } from "./actions";

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <ConfirmButton
        label="Revoke"
        accessibleLabel={`Revoke ${name}`}
        title={`Revoke the API key “${name}”?`}
        confirmLabel="Revoke key"
        onConfirm={async () => {
          const result = await revokeApiKeyAction(keyId);
          setError(result.ok ? null : result.error);
          router.refresh();
        }}
      >
        <p>
          Requests with this key are refused from now on (within a few seconds on every instance). This cannot
          be undone: the application that uses it needs a new key.
        </p>
      </ConfirmButton>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </>
  );
}
