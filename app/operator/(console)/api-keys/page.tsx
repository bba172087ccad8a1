import type { Metadata } from "next";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { listApiKeys, SCOPES } from "@/lib/api-keys/service";
import { formatWhen } from "@/lib/format";
import { requireOperator } from "@/lib/operators/current";
import { CreateKeyForm } from "./create-key-form";
import { RevokeKeyButton } from "./revoke-key-button";

export const metadata: Metadata = { title: "API keys · Operator" };
export const dynamic = "force-dynamic";

export default async function OperatorApiKeysPage() {
  await requireOperator();
  const keys = (await listApiKeys()).reverse();
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys for your application to call Rollcall's API (/api/v1): the events, the directory, tenant management. A key sees every tenant its scopes allow."
      />
      <div className="space-y-6">
        {keys.length === 0 ? (
          <EmptyState headingLevel={2} title="No API keys yet">
            Create one below for the application Rollcall serves. It is shown once; only a hash is kept.
          </EmptyState>
        ) : (
          <Table testId="api-keys-table">
            <thead className="bg-slate-50">
              <tr>
                <Th>Name</Th>
                <Th className="hidden sm:table-cell">Scopes</Th>
                <Th className="hidden md:table-cell">Created</Th>
                <Th className="hidden md:table-cell">Last used</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((k) => {
                const scopes = (
                  <div className="flex flex-wrap gap-1">
                    {k.scopes.map((s) => (
                      <Badge key={s} tone="indigo">
                        {s}
                      </Badge>
                    ))}
                  </div>
                );
                return (
                  <tr key={k.keyId} data-testid="api-key-row" data-key-id={k.keyId}>
                    <Td className="min-w-36">
                      <p className="font-medium text-slate-900 [overflow-wrap:anywhere]">{k.name}</p>
                      <p className="font-mono text-xs text-slate-600">{k.hint}</p>
                      <div className="mt-2 sm:hidden">{scopes}</div>
                      <p className="mt-1 text-xs text-slate-600 md:hidden">
                        Created {formatWhen(k.createdAt)} · last used {formatWhen(k.lastUsedAt, "never")}
                      </p>
                    </Td>
                    <Td className="hidden sm:table-cell">{scopes}</Td>
                    <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">
                      {formatWhen(k.createdAt)}
                    </Td>
                    <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">
                      {formatWhen(k.lastUsedAt)}
                    </Td>
                    <Td>
                      <div className="flex flex-col items-start gap-2 lg:flex-row lg:items-center lg:justify-between">
                        {k.revokedAt ? (
                          <span data-testid="api-key-status">
                            <Badge tone="red">Revoked</Badge>
                            <span className="mt-1 block whitespace-nowrap text-xs text-slate-600">
                              {formatWhen(k.revokedAt)}
                            </span>
                          </span>
                        ) : (
                          <>
                            <span data-testid="api-key-status">
                              <Badge tone="green">Active</Badge>
                            </span>
                            <RevokeKeyButton keyId={k.keyId} name={k.name} />
                          </>
                        )}
                      </div>
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
        <Card title="Create an API key" description="Give it only the scopes the application needs.">
          <CreateKeyForm scopes={SCOPES} />
        </Card>
      </div>
    </>
  );
}
