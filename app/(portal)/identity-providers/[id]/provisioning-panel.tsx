"use client";

import { useRouter } from "next/navigation";
import { startTransition, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Badge, Card, Notice } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CopyField } from "@/components/ui/copy-button";
import { FormError } from "@/components/ui/field";
import { errorOf } from "@/lib/action-state";
import {
  disableProvisioningAction,
  enableProvisioningAction,
  generateTokenAction,
  revokeTokenAction,
  type TokenState,
} from "../actions";

export type TokenView = {
  id: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string;
  revoked: boolean;
  revokedAt: string | null;
};

/** The one moment the secret token is visible: it lives only in this component's state. */
function Revealed({ tenantUrl, token, onDone }: { tenantUrl: string; token: string; onDone: () => void }) {
  return (
    <div
      className="space-y-4 rounded-lg bg-emerald-50/60 p-4 ring-1 ring-inset ring-emerald-200"
      data-testid="revealed-token"
    >
      <Notice tone="amber" title="Copy the secret token now — you won't see it again">
        Rollcall keeps only a hash of it. If you lose it, generate a new token.
      </Notice>
      <CopyField label="Tenant URL" value={tenantUrl} testId="tenant-url" />
      <CopyField label="Secret token" value={token} testId="secret-token" />
      <p className="text-sm text-slate-600">
        In Microsoft Entra: your app → Provisioning → Admin Credentials. Paste both, then select{" "}
        <strong>Test Connection</strong>.
      </p>
      <Button variant="secondary" onClick={onDone}>
        I have copied it
      </Button>
    </div>
  );
}

export function ProvisioningPanel({
  idpId,
  enabled,
  tenantUrl,
  tokens,
  maxActive,
}: {
  idpId: string;
  enabled: boolean;
  tenantUrl: string;
  tokens: TokenView[];
  maxActive: number;
}) {
  const router = useRouter();
  // The issued token, in this component's state only until "I have copied it" (or a disable).
  const [issued, issue, isPending] = useActionState(
    async (_: TokenState | null, step: "enable" | "generate" | "dismiss"): Promise<TokenState | null> => {
      if (step === "dismiss") return null;
      const result = await (step === "enable" ? enableProvisioningAction : generateTokenAction)(idpId);
      if (result.ok) router.refresh();
      return result;
    },
    null,
  );
  const revealed = issued?.ok ? issued.data : null;
  const dismiss = () => startTransition(() => issue("dismiss"));
  const active = tokens.filter((t) => !t.revoked);

  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Provisioning (SCIM 2.0) {enabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
        </span>
      }
      description="Lets Microsoft Entra ID create, update and disable your users and groups in Rollcall."
      actions={
        enabled ? (
          <ConfirmButton
            label="Disable provisioning"
            title="Disable provisioning?"
            confirmLabel="Disable provisioning"
            onConfirm={async () => {
              const result = await disableProvisioningAction(idpId);
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
        <FormError message={errorOf(issued)} />
        {revealed ? (
          <Revealed tenantUrl={revealed.tenantUrl} token={revealed.token} onDone={dismiss} />
        ) : null}
        {!enabled ? (
          <div className="space-y-3">
            <p className="text-sm text-slate-600">
              Enabling provisioning shows a tenant URL and a secret token <strong>once</strong>. Have your
              identity provider&apos;s provisioning page open to paste them.
            </p>
            <Button onClick={() => startTransition(() => issue("enable"))} disabled={isPending}>
              Enable provisioning
            </Button>
          </div>
        ) : (
          <>
            {revealed ? null : <CopyField label="Tenant URL" value={tenantUrl} testId="tenant-url-static" />}
            <div>
              <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-900">Secret tokens</h3>
                <Button
                  variant="secondary"
                  onClick={() => startTransition(() => issue("generate"))}
                  disabled={isPending || active.length >= maxActive}
                  title={
                    active.length >= maxActive
                      ? `At most ${maxActive} tokens can be active: revoke one first`
                      : undefined
                  }
                >
                  Generate new token
                </Button>
              </div>
              {active.length >= maxActive ? (
                <p className="mb-2 text-xs text-slate-500">
                  {maxActive} tokens are active (the most allowed). Revoke the old one once Entra uses the new
                  one.
                </p>
              ) : null}
              <div className="overflow-x-auto rounded-md ring-1 ring-slate-200">
                <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="token-table">
                  <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
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
                        Status
                      </th>
                      <th scope="col" className="px-3 py-2">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {tokens.map((t) => (
                      <tr key={t.id} data-testid="token-row">
                        <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{t.hint}</td>
                        <td className="whitespace-nowrap px-3 py-2 text-slate-600">{t.createdAt}</td>
                        <td className="whitespace-nowrap px-3 py-2 text-slate-600">{t.lastUsedAt}</td>
                        <td className="px-3 py-2">
                          {t.revoked ? <Badge tone="red">Revoked</Badge> : <Badge tone="green">Active</Badge>}
                        </td>
                        <td className="px-3 py-2 text-right">
                          {!t.revoked ? (
                            <ConfirmButton
                              label="Revoke"
                              title={`Revoke token ${t.hint}?`}
                              confirmLabel="Revoke token"
                              onConfirm={async () => {
                                const result = await revokeTokenAction(idpId, t.id);
                                router.refresh();
                                return result;
                              }}
                            >
                              Requests with this token are refused at once (401). Make sure your identity
                              provider already uses the other token.
                            </ConfirmButton>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
