"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { inviteAdminAction } from "../actions";

export function InviteForm() {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-4">
      <form
        className="flex flex-col gap-3 sm:flex-row sm:items-start"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const email = String(new FormData(form).get("email") ?? "");
          setBusy(true);
          const result = await inviteAdminAction(email);
          setBusy(false);
          if (!result.ok) {
            setError(result.error);
            setLink(null);
            return;
          }
          setError(undefined);
          setLink(result.link);
          form.reset();
          router.refresh();
        }}
      >
        <div className="flex-1">
          <TextField label="Email" name="email" type="email" error={error} required />
        </div>
        <Button type="submit" className="sm:mt-7" disabled={busy}>
          Create invite link
        </Button>
      </form>
      {link ? (
        <CopyField label="Invite link — send it to your colleague" value={link} testId="invite-link" />
      ) : null}
    </div>
  );
}
