"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { attributeUsageAction, removeAttributeAction } from "./actions";

/** Remove, after saying how many users lose their value (counted when the dialog opens). */
export function RemoveAttributeButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [usage, setUsage] = useState<number | null>(null);
  return (
    <ConfirmButton
      label="Remove"
      accessibleLabel={`Remove ${name}`}
      title={`Remove the attribute ${name}?`}
      confirmLabel="Remove attribute and values"
      onOpen={async () => {
        setUsage(null);
        const counted = await attributeUsageAction(id);
        setUsage(counted.ok ? counted.data : null);
      }}
      onConfirm={async () => {
        const result = await removeAttributeAction(id);
        router.refresh();
        return result;
      }}
    >
      <p>
        {usage === null
          ? "Counting the users who have a value…"
          : usage === 0
            ? "No user has a value of it."
            : `${usage} user${usage === 1 ? " has a value" : "s have a value"}: ${usage === 1 ? "it is" : "they are"} deleted with the definition and cannot be restored.`}
      </p>
      <p className="mt-2">
        Remove it from your identity provider&apos;s attribute mapping too: from now on, requests that still
        send it are refused, and shown here again.
      </p>
    </ConfirmButton>
  );
}
