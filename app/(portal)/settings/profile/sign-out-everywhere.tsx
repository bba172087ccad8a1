"use client";

import { ConfirmButton } from "@/components/ui/confirm-button";
import { signOutEverywhereAction } from "../actions";

export function SignOutEverywhere() {
  return (
    <ConfirmButton
      label="Sign out everywhere"
      title="Sign out everywhere?"
      confirmLabel="Sign out everywhere"
      onConfirm={() => signOutEverywhereAction()}
    >
      <p>
        Every session of your account ends at once — in other browsers, on other devices and here. You sign in
        again with your password.
      </p>
    </ConfirmButton>
  );
}
