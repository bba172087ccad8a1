"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState, useRef } from "react";
import { SecretDialog } from "@/components/portal/idp/secret-dialog";
import { Button } from "@/components/ui/button";
import { Badge, Card, Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyField } from "@/components/ui/copy-button";
import { FieldShell, FormError, SELECT_CLASS, TextField } from "@/components/ui/field";
import { errorOf, fieldErrorsOf } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state";
import type { TokenOptions } from "@/lib/provisioning/service";

/** A token just issued: shown once. */
export type TokenState = ActionState<{ tenantUrl: string; token: string; name: string }>;

/**
 * What the panel can do, as server actions bound to one identity provider: the admin's (portal)
 * or a set-up link's (/setup/<token>).
 */
export type ProvisioningActions = {
  enable: (options: TokenOptions) => Promise<TokenState>;
  generate: (options: TokenOptions) => Promise<TokenState>;
  revoke: (tokenId: string) => Promise<ActionState>;
  disable: () => Promise<ActionState>;
};

export type TokenView = {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  lastUsed: string;
  /** The client address of that last use. */
  lastUsedFrom: string | null;
  expiresAt: string | null;
  state: "active" | "expired" | "revoked";
  revokedAt: string | null;
  /** Created in the last day and not used yet. */
  isNew: boolean;
};

const EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "180", label: "In 180 days" },
  { value: "365", label: "In 1 year" },
];

/** A new token's name and expiry, and the button that issues it (Enable Provisioning or Generate). */
function TokenForm({
  submitLabel,
  defaultName,
  pending,
  blocked,
  blockedReason,
  fieldErrors,
  onSubmit,
}: {
  submitLabel: string;
  defaultName: string;
  pending: boolean;
  blocked: boolean;
  blockedReason?: string;
  fieldErrors: Record<string, string>;
  onSubmit: (options: { name: string; expiresInDays: number | null }) => void;
}) {
  return (
    <form
      noValidate
      className="grid items-end gap-3 sm:grid-cols-[minmax(0,1fr)_12rem_auto]"
      onSubmit={(event) => {
        event.preventDefault();
        if (pending || blocked) return;
        const form = new FormData(event.currentTarget);
        const days = String(form.get("expiresInDays") ?? "");
        onSubmit({ name: String(form.get("tokenName") ?? ""), expiresInDays: days ? Number(days) : null });
      }}
    >
      <TextField
        label="Token name"
        name="tokenName"
        placeholder={defaultName}
        maxLength={80}
        error={fieldErrors.name}
        hint={`Empty: “${defaultName}”.`}
      />
      <FieldShell label="Expires" name="expiresInDays" error={fieldErrors.expiresInDays}>
        <select id="expiresInDays" name="expiresInDays" className={SELECT_CLASS} defaultValue="">
          {EXPIRY_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </FieldShell>
      {/* aria-disabled while saving: the button keeps keyboard focus (a disabled one drops it). */}
      <Button
        type="submit"
        className="sm:mb-6"
        aria-disabled={pending || undefined}
        disabled={blocked}
        title={blocked ? blockedReason : undefined}
      >
        {pending ? "Generating…" : submitLabel}
      </Button>
    </form>
  );
}

const STATE_BADGE = {
  active: { tone: "green", label: "Active" },
  expired: { tone: "amber", label: "Expired" },
  revoked: { tone: "red", label: "Revoked" },
} as const;

/** The tokens: a table, reflowing into one card per token on a narrow screen. */
function TokenList({ revoke, tokens }: { revoke: ProvisioningActions["revoke"]; tokens: TokenView[] }) {
  const router = useRouter();
  const cell = "block px-3 py-1 sm:table-cell sm:px-3 sm:py-2";
  const labelled = `${cell} max-sm:flex max-sm:gap-2 max-sm:before:w-24 max-sm:before:shrink-0 max-sm:before:text-slate-600 max-sm:before:content-[attr(data-label)]`;
  return (
    <div className="rounded-md ring-1 ring-slate-200 sm:overflow-x-auto">
      <table className="block w-full text-sm sm:table" data-testid="token-table">
        <thead className="max-sm:hidden bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">
              Token
            </th>
            <th scope="col" className="px-3 py-2">
              Created
            </th>
            <th scope="col" className="px-3 py-2">
              Last used
            </th>
            <th scope="col" className="px-3 py-2">
              Expires
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Actions
            </th>
          </tr>
        </thead>
        <tbody className="block divide-y divide-slate-100 sm:table-row-group">
          {tokens.map((t) => (
            <tr key={t.id} data-testid="token-row" className="block py-2 sm:table-row sm:py-0">
              <td className={`${cell} align-top`}>
                <span className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  {t.name}
                  {t.isNew ? <Badge tone="indigo">New</Badge> : null}
                </span>
                <span className="font-mono text-xs text-slate-600">{t.hint}</span>
              </td>
              <td
                data-label="Created"
                className={`${labelled} align-top text-slate-700 sm:whitespace-nowrap`}
              >
                {t.createdAt}
              </td>
              <td data-label="Last used" className={`${labelled} align-top text-slate-700`}>
                <span>
                  <span className="sm:whitespace-nowrap">{t.lastUsed}</span>
                  {t.lastUsedFrom ? (
                    <span className="block text-xs text-slate-600">from {t.lastUsedFrom}</span>
                  ) : null}
                </span>
              </td>
              <td
                data-label="Expires"
                className={`${labelled} align-top text-slate-700 sm:whitespace-nowrap`}
              >
                {t.expiresAt ?? "Never"}
              </td>
              <td data-label="Status" className={`${labelled} align-top`}>
                <span>
                  <Badge tone={STATE_BADGE[t.state].tone}>{STATE_BADGE[t.state].label}</Badge>
                  {t.revokedAt ? <span className="block text-xs text-slate-600">{t.revokedAt}</span> : null}
                </span>
              </td>
              <td className={`${cell} align-top`}>
                {t.state === "active" ? (
                  <ConfirmButton
                    label="Revoke"
                    accessibleLabel={`Revoke ${t.name}`}
                    title={`Revoke ${t.name} (${t.hint})?`}
                    confirmLabel="Revoke token"
                    onConfirm={async () => {
                      const result = await revoke(t.id);
                      router.refresh();
                      return result;
                    }}
                  >
                    Requests with this token are refused at once (401). Make sure your identity provider
                    already uses the other token.
                  </ConfirmButton>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ProvisioningPanel({
  actions,
  enabled,
  tenantUrl,
  tokens,
  maxActive,
  nextTokenName,
}: {
  actions: ProvisioningActions;
  enabled: boolean;
  tenantUrl: string;
  tokens: TokenView[];
  maxActive: number;
  nextTokenName: string;
}) {
  const router = useRouter();
  type Step =
    { kind: "enable" | "generate"; name: string; expiresInDays: number | null } | { kind: "dismiss" };
  // The issued token, in this component's state only until its dialog closes (or a disable).
  const [issued, issue, isPending] = useActionState(
    async (_: TokenState | null, step: Step): Promise<TokenState | null> => {
      if (step.kind === "dismiss") return null;
      const options = { name: step.name, expiresInDays: step.expiresInDays };
      const result = await (step.kind === "enable" ? actions.enable : actions.generate)(options);
      if (result.ok) router.refresh();
      return result;
    },
    null,
  );
  const revealed = issued?.ok ? issued.data : null;
  const dismiss = () => startTransition(() => issue({ kind: "dismiss" }));
  const active = tokens.filter((t) => t.state === "active");
  const full = active.length >= maxActive;
  const fieldErrors = fieldErrorsOf(issued);
  const formError = Object.keys(fieldErrors).length > 0 ? null : errorOf(issued);
  const generateButton = useRef<HTMLDivElement>(null);

  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Provisioning (SCIM 2.0) {enabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
        </span>
      }
      description="Lets your identity provider (Microsoft Entra ID, Okta…) create, update and disable your users and groups in Rollcall."
      actions={
        enabled ? (
          <ConfirmButton
            label="Disable provisioning"
            title="Disable provisioning?"
            confirmLabel="Disable provisioning"
            onConfirm={async () => {
              const result = await actions.disable();
              dismiss();
              router.refresh();
              return result;
            }}
          >
            Every token is revoked at once: your identity provider&apos;s provisioning job fails until you
            enable provisioning again and enter the new token. Users already provisioned stay.
          </ConfirmButton>
        ) : null
      }
    >
      <div className="space-y-5">
        {tenantUrl.startsWith("http://") ? (
          <Notice tone="amber" title="Entra needs a public https tenant URL">
            This Rollcall answers at{" "}
            <span className="font-mono text-xs [overflow-wrap:anywhere]">{tenantUrl}</span> (http). Microsoft
            Entra ID only calls a tenant URL that starts with https:// and that it can reach from the
            internet: ask whoever runs Rollcall to publish it over https (APP_URL).
          </Notice>
        ) : null}
        <FormError message={formError} />
        {revealed ? (
          <SecretDialog
            key={revealed.token}
            tenantUrl={revealed.tenantUrl}
            token={revealed.token}
            name={revealed.name}
            onDone={() => {
              dismiss();
              generateButton.current?.querySelector("button")?.focus();
            }}
          />
        ) : null}
        {!enabled ? (
          <div className="space-y-4">
            <p className="text-sm text-slate-600">
              <strong className="font-semibold text-slate-900">Enable Provisioning</strong> shows the
              provisioning tenant URL and a provisioning secret token <strong>once</strong>. Have your
              identity provider&apos;s provisioning page open to paste them.
            </p>
            <div ref={generateButton}>
              <TokenForm
                submitLabel="Enable Provisioning"
                defaultName={nextTokenName}
                pending={isPending}
                blocked={false}
                fieldErrors={fieldErrors}
                onSubmit={(o) => startTransition(() => issue({ kind: "enable", ...o }))}
              />
            </div>
          </div>
        ) : (
          <>
            <CopyField
              label="Provisioning tenant URL"
              value={tenantUrl}
              testId="tenant-url-static"
              copyLabel="Copy provisioning tenant URL"
              wrap
            />
            <section aria-labelledby="tokens-heading" className="space-y-3">
              <h3 id="tokens-heading" className="text-sm font-semibold text-slate-900">
                Provisioning secret tokens
              </h3>
              {tokens.length > 0 ? <TokenList revoke={actions.revoke} tokens={tokens} /> : null}
              <h4 className="pt-2 text-sm font-semibold text-slate-900">Generate new token</h4>
              <p className="text-sm text-slate-600">
                {full
                  ? `${maxActive} tokens are active (the most allowed). Revoke the old one once your identity provider uses the new one.`
                  : "For a rotation: the current token keeps working until you revoke it."}
              </p>
              <div ref={generateButton}>
                <TokenForm
                  key={tokens.length}
                  submitLabel="Generate new token"
                  defaultName={nextTokenName}
                  pending={isPending}
                  blocked={full}
                  blockedReason={`At most ${maxActive} tokens can be active: revoke one first`}
                  fieldErrors={fieldErrors}
                  onSubmit={(o) => startTransition(() => issue({ kind: "generate", ...o }))}
                />
              </div>
            </section>
          </>
        )}
      </div>
    </Card>
  );
}
