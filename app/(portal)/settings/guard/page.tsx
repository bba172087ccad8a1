import type { Metadata } from "next";
import { Badge, Card, Notice, PageHeader } from "@/components/ui/card";
import { RoleGate } from "@/components/portal/role-gate";
import { requireAdmin } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { guardStatus } from "@/lib/provisioning/guard";
import { GuardSettingsForm, HeldChanges } from "./guard-forms";

export const metadata: Metadata = { title: "Deprovisioning guard" };

const count = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : null);

export default async function GuardPage({
  searchParams,
}: {
  searchParams: Promise<{ applied?: string; superseded?: string; gone?: string; rejected?: string }>;
}) {
  const admin = await requireAdmin();
  const status = await guardStatus(admin.tenantId);
  const q = await searchParams;
  const applied = count(q.applied);
  const superseded = count(q.superseded) ?? 0;
  const gone = count(q.gone) ?? 0;
  const rejected = count(q.rejected);
  return (
    <>
      <PageHeader
        title="Deprovisioning guard"
        description="A wrong scoping filter or a removed group in your identity provider can disable everyone at once. The guard holds such a wave until you look at it."
      />
      <div className="space-y-6">
        {applied !== null ? (
          <Notice tone="green">
            Applied {applied} held change{applied === 1 ? "" : "s"}.
            {superseded > 0
              ? ` ${superseded} not applied: the user changed after the change was held (re-enabled or edited), so that newer state stays.`
              : ""}
            {gone > 0 ? ` ${gone} not applied: the user no longer exists.` : ""}
          </Notice>
        ) : null}
        {rejected !== null ? (
          <Notice tone="green">
            Discarded {rejected} held change{rejected === 1 ? "" : "s"}. The users stay as they were.
          </Notice>
        ) : null}
        {status.heldCount > 0 ? (
          <Card
            title={
              <span className="flex items-center gap-2">
                Held changes <Badge tone="amber">{status.heldCount}</Badge>
              </span>
            }
            description={`Since ${formatDateTime(status.trippedAt)}, disables and deletes from your identity provider are held. It was told they succeeded, so it keeps provisioning normally.`}
          >
            <RoleGate need="admin" mode="disable">
              <HeldChanges
                total={status.heldCount}
                held={status.held.map((h) => ({
                  id: h.id,
                  at: formatDateTime(h.at),
                  user: h.userName ?? h.userId,
                  kind: h.kind,
                }))}
              />
            </RoleGate>
          </Card>
        ) : (
          <Notice tone="green">Nothing is held. Disables and deletes are applied as they arrive.</Notice>
        )}
        <Card
          title="When to hold"
          description="When, within the window, disables and deletes exceed both numbers, that one and every later one wait for you. Everything is recorded in the audit log."
        >
          <RoleGate need="admin" mode="disable">
            <GuardSettingsForm settings={status.settings} />
          </RoleGate>
        </Card>
      </div>
    </>
  );
}
