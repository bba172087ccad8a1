"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteIdpAction } from "../../actions";

/** Delete, with what happens to everything the identity provider brought in said first. */
export function DeleteIdpButton({
  id,
  name,
  provisioning,
  users,
  groups,
  activeTokens,
}: {
  id: string;
  name: string;
  provisioning: boolean;
  users: number;
  groups: number;
  activeTokens: number;
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
      <ul className="list-disc space-y-2 pl-5" data-testid="delete-idp-consequences">
        <li>Nobody can sign in through this identity provider any more.</li>
        <li>
          {users + groups === 0
            ? "It has provisioned no users or groups."
            : `The ${users.toLocaleString("en-US")} ${users === 1 ? "user" : "users"} and ${groups.toLocaleString("en-US")} ${groups === 1 ? "group" : "groups"} it provisioned stay in your directory; its provisioning can no longer update or disable them.`}
        </li>
        <li>
          {activeTokens > 0
            ? `Its ${activeTokens} active secret ${activeTokens === 1 ? "token stops" : "tokens stop"} working at once.`
            : "It has no active secret token."}
        </li>
        <li>The provisioning log and the audit log keep their entries.</li>
        {provisioning ? (
          <li className="font-medium text-red-700">
            Provisioning is on: the provisioning job in your identity provider (Entra: Enterprise application
            → Provisioning) will fail from now on. Stop it there too.
          </li>
        ) : null}
      </ul>
    </ConfirmButton>
  );
}
