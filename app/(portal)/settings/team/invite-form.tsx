"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf } from "@/lib/action-state";
import { inviteAdminAction } from "../actions";

export function InviteForm() {
  const router = useRouter();
  const { state, onSubmit, isPending, successes } = useFormAction(async (form) => {
    const result = await inviteAdminAction(String(form.get("email") ?? ""));
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <div className="space-y-4">
      <form className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate onSubmit={onSubmit}>
        <div className="flex-1">
          {/* A new invite starts from an empty field. */}
          <TextField
            key={successes}
            label="Email"
            name="email"
            type="email"
            error={errorOf(state) ?? undefined}
            required
          />
        </div>
        <Button type="submit" className="sm:mt-7" disabled={isPending}>
          Create invite link
        </Button>
      </form>
      {state?.ok ? (
        <CopyField
          label="Invite link — send it to your colleague"
          value={state.data.link}
          testId="invite-link"
        />
      ) : null}
    </div>
  );
}
