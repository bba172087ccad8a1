"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import { ErrorText, FormError, TextField } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { errorOf, type ActionState } from "@/lib/action-state";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/constants";
import {
  cancelEmailChangeAction,
  changeNameAction,
  changePasswordAction,
  requestEmailChangeAction,
} from "./actions";

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

function Saved({ message }: { message: string | null }) {
  return (
    <p role="status" className="text-sm text-emerald-700 empty:hidden">
      {message}
    </p>
  );
}

export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const { state, onSubmit, isPending, fieldErrors } = useFormAction(async (form) => {
    const result = await changeNameAction(text(form, "name"));
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <form className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate onSubmit={onSubmit}>
      <div className="flex-1">
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          defaultValue={name}
          error={fieldErrors.name ?? errorOf(state) ?? undefined}
          required
        />
      </div>
      <div className="space-y-1 sm:mt-7">
        <Button type="submit" variant="secondary" disabled={isPending}>
          Save name
        </Button>
        <Saved message={state?.ok && !isPending ? "Saved" : null} />
      </div>
    </form>
  );
}

export function PasswordForm({ email }: { email: string }) {
  const { state, onSubmit, isPending, error, fieldErrors, successes } = useFormAction((form) =>
    changePasswordAction({
      currentPassword: text(form, "currentPassword"),
      newPassword: text(form, "newPassword"),
    }),
  );
  const ended = state?.ok ? state.data.sessionsEnded : 0;
  return (
    <form className="max-w-md space-y-4" noValidate onSubmit={onSubmit} key={successes}>
      <FormError message={error} />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={fieldErrors.currentPassword}
        required
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.newPassword}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions end; this one stays.`}
        required
      />
      <Button type="submit" disabled={isPending}>
        {isPending ? "Changing…" : "Change password"}
      </Button>
      <Saved
        message={
          state?.ok
            ? `Password changed.${ended > 0 ? ` ${ended} other session${ended === 1 ? " was" : "s were"} signed out.` : ""}`
            : null
        }
      />
    </form>
  );
}

export function EmailForm({ pending }: { pending: { newEmail: string; expires: string } | null }) {
  const router = useRouter();
  const { state, onSubmit, isPending, error, fieldErrors, successes } = useFormAction(async (form) => {
    const result = await requestEmailChangeAction({
      currentPassword: text(form, "emailPassword"),
      newEmail: text(form, "newEmail"),
    });
    if (result.ok) router.refresh();
    return result;
  });
  const [cancelled, cancel, cancelling] = useActionState(async (_: ActionState | null) => {
    const result = await cancelEmailChangeAction();
    router.refresh();
    return result;
  }, null);
  const outcome = state?.ok ? state.data : null;
  return (
    <div className="max-w-md space-y-4">
      {outcome && !outcome.mailed ? (
        <Notice tone="indigo" title="This Rollcall sends no email">
          Open this link to confirm the new address:{" "}
          <a href={outcome.confirmUrl} data-testid="email-confirm-link" className="font-semibold underline">
            confirm {outcome.newEmail}
          </a>
        </Notice>
      ) : pending ? (
        <Notice tone="indigo" title={`Waiting for ${pending.newEmail}`}>
          <p data-testid="pending-email-change">
            We sent a link to {pending.newEmail}; your address changes when it is opened (until{" "}
            {pending.expires}).
          </p>
          <Button
            variant="secondary"
            className="mt-2"
            disabled={cancelling}
            onClick={() => startTransition(() => cancel())}
          >
            Cancel the change
          </Button>
          <ErrorText message={errorOf(cancelled)} />
        </Notice>
      ) : null}
      <form className="space-y-4" noValidate onSubmit={onSubmit} key={successes}>
        <FormError message={error} />
        <TextField
          label="New email address"
          name="newEmail"
          type="email"
          autoComplete="email"
          error={fieldErrors.newEmail}
          required
        />
        <TextField
          label="Current password"
          name="emailPassword"
          type="password"
          autoComplete="current-password"
          error={fieldErrors.currentPassword}
          required
        />
        <Button type="submit" variant="secondary" disabled={isPending}>
          {isPending ? "Sending…" : "Send confirmation link"}
        </Button>
      </form>
    </div>
  );
}
