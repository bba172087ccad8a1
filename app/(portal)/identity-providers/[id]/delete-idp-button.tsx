"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteIdpAction } from "../actions";

export function DeleteIdpButton({
  id,
  name,
  provisioning,
}: {
  id: string;
  name: string;
  provisioning: boolean;
}) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      title={`Delete ${name}?`}
      confirmLabel="Delete identity provider"
      onConfirm={async () => {
        const result = await deleteIdpAction(id);
        if (result.ok) {
          router.push("/identity-providers");
          router.refresh();
        }
        return result;
      }}
    >
      <p>Users can no longer sign in through this identity provider.</p>
      {provisioning ? (
        <p className="mt-2 font-medium text-red-700">
          Provisioning is on: its tokens stop working at once and your identity provider&apos;s provisioning
          job will fail.
        </p>
      ) : null}
    </ConfirmButton>
  );
}
