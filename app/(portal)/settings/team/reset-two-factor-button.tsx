"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { resetSecondFactorAction } from "../actions";

/** An owner's reset of another administrator's two-factor sign-in (they lost their factors). */
export function ResetTwoFactorButton({ id, name, email }: { id: string; name: string; email: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Reset two-factor"
      accessibleLabel={`Reset the two-factor sign-in of ${email}`}
      title={`Reset the two-factor sign-in of ${name}?`}
      confirmLabel="Reset two-factor sign-in"
      onConfirm={async () => {
        const result = await resetSecondFactorAction(id);
        if (result.ok) router.refresh();
        return result;
      }}
    >
      <p>
        Their authenticator app, recovery codes and passkeys stop working, and every session they have open
        ends. They sign in with their password and set up two-factor sign-in again; we email them that you did
        this.
      </p>
      <p className="mt-2">Do it only once you know it is really them asking — on a call, or in person.</p>
    </ConfirmButton>
  );
}
