import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GrowthChart, RequestsChart } from "@/components/portal/charts";
import { UndefinedAttributesList } from "@/components/portal/undefined-attributes";
import { Badge, Card, Notice, PageHeader } from "@/components/ui/card";
import { RoleGate } from "@/components/portal/role-gate";
import { requireAdmin } from "@/lib/auth/session";
import { undefinedAttributes } from "@/lib/custom-attributes/service";
import { formatDateTime } from "@/lib/format";
import { getIdentityProvider } from "@/lib/identity-providers/service";
import { idpHealth } from "@/lib/provisioning/health";
import { SelfTest } from "./self-test";

export const metadata: Metadata = { title: "Provisioning health" };

function Stat({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default async function HealthPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const { id } = await params;
  const idp = await getIdentityProvider(admin.tenantId, id);
  if (!idp) notFound();
  const [health, undefinedSent] = await Promise.all([
    idpHealth(admin.tenantId, id).then((h) => h!),
    undefinedAttributes(admin.tenantId, { idpId: id }),
  ]);
  const rate =
    health.requestsLastHour > 0 ? Math.round((100 * health.errorsLastHour) / health.requestsLastHour) : 0;
  return (
    <>
      <PageHeader
        title={`Provisioning health · ${idp.displayName}`}
        description="What your identity provider's provisioning job did, as Rollcall saw it."
        actions={
          <Link
            href={`/identity-providers/${id}`}
            className="text-sm font-medium text-indigo-700 hover:underline"
          >
            Back to the identity provider
          </Link>
        }
      />
      <div className="space-y-6">
        {health.warnings.map((w) => (
          <Notice key={w.title} tone={w.tone} title={w.title}>
            {w.detail}
          </Notice>
        ))}
        {undefinedSent.length > 0 ? (
          <Card
            title="Attributes sent but not defined"
            description="These requests were refused (400). Define the attributes, or remove them from the identity provider's attribute mapping."
          >
            <UndefinedAttributesList items={undefinedSent} />
          </Card>
        ) : null}
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Stat
            label="Provisioning"
            value={health.provisioningEnabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
          />
          <Stat label="Token last used" value={health.lastUsed ? formatDateTime(health.lastUsed) : "Never"} />
          <Stat
            label="Errors, last hour"
            testId="error-rate"
            value={`${rate}% of ${health.requestsLastHour}`}
          />
          <Stat
            label="Certificate"
            value={
              health.certificate
                ? health.certificate.state === "expired"
                  ? "Expired"
                  : `${health.certificate.daysLeft} days left`
                : "None"
            }
          />
        </dl>
        <Card title="Requests">
          <div className="grid gap-6 lg:grid-cols-2">
            <RequestsChart title="Last 24 hours (per hour)" data={health.hourly} />
            <RequestsChart title="Last 7 days (per day)" data={health.daily} />
          </div>
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Directory">
            <GrowthChart data={health.growth} />
          </Card>
          <Card title="Last error">
            {health.lastError ? (
              <div className="space-y-1 text-sm" data-testid="last-error">
                <p>
                  <Badge tone="red">{health.lastError.status}</Badge>{" "}
                  <span className="font-mono text-xs">
                    {health.lastError.method} {health.lastError.path}
                  </span>
                </p>
                <p className="text-slate-600">{health.lastError.detail}</p>
                <p className="text-xs text-slate-500">{formatDateTime(health.lastError.at)}</p>
              </div>
            ) : (
              <p className="text-sm text-slate-500">No failed request.</p>
            )}
          </Card>
        </div>
        <Card
          title="Compatibility self-test"
          description="Runs the requests Entra ID sends — Test Connection, create, filter, PATCH variants, disable, groups, delete — against this tenant's SCIM endpoint, in a sandbox that never touches your users and cleans up after itself."
        >
          <RoleGate need="admin" mode="disable">
            <SelfTest idpId={id} />
          </RoleGate>
        </Card>
      </div>
    </>
  );
}
