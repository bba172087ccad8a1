import type { Metadata } from "next";
import { RoleGate } from "@/components/portal/role-gate";
import { GrowthChart, RequestsChart } from "@/components/portal/charts";
import { UndefinedAttributesList } from "@/components/portal/undefined-attributes";
import { Badge, Card, Notice } from "@/components/ui/card";
import { undefinedAttributes } from "@/lib/custom-attributes/service";
import { formatDateTime } from "@/lib/format";
import { idpHealth, type FailedRequest } from "@/lib/provisioning/health";
import { lastSelfTest } from "@/lib/provisioning/selftest";
import { loadIdp } from "../load";
import { SelfTest } from "./self-test";

export const metadata: Metadata = { title: "Health · Identity provider" };

function Stat({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** "3 of 1,116 (0.3%)": a count is never hidden behind a rounded-down percentage. */
function share(errors: number, requests: number): string {
  if (errors === 0) return requests === 0 ? "No requests" : `None of ${requests.toLocaleString("en-US")}`;
  const percent = (100 * errors) / requests;
  const shown = percent < 1 ? "<1" : String(Math.round(percent));
  return `${errors.toLocaleString("en-US")} of ${requests.toLocaleString("en-US")} (${shown}%)`;
}

function LastFailure({
  title,
  failure,
  none,
  testId,
}: {
  title: string;
  failure: FailedRequest | null;
  none: string;
  testId: string;
}) {
  return (
    <Card title={title}>
      {failure ? (
        <div className="space-y-1 text-sm" data-testid={testId}>
          <p>
            <Badge tone={failure.status >= 500 ? "red" : "amber"}>{failure.status}</Badge>{" "}
            <span className="font-mono text-xs [overflow-wrap:anywhere]">
              {failure.method} {failure.path}
            </span>
          </p>
          <p className="break-words text-slate-600">{failure.detail}</p>
          <p className="text-xs text-slate-600">{formatDateTime(failure.at)}</p>
        </div>
      ) : (
        <p className="text-sm text-slate-600" data-testid={testId}>
          {none}
        </p>
      )}
    </Card>
  );
}

export default async function IdpHealthPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { admin, idp } = await loadIdp(id);
  const [health, undefinedSent, selfTest] = await Promise.all([
    idpHealth(admin.tenantId, idp.id).then((h) => h!),
    undefinedAttributes(admin.tenantId, { idpId: idp.id }),
    lastSelfTest(admin.tenantId, idp.id),
  ]);
  return (
    <>
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
      <section aria-labelledby="health-now" className="space-y-3">
        <h2 id="health-now" className="text-base font-semibold text-slate-900">
          Provisioning health
        </h2>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Stat
            label="Provisioning"
            value={health.provisioningEnabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
          />
          <Stat label="Token last used" value={health.lastUsed ? formatDateTime(health.lastUsed) : "Never"} />
          <Stat
            label="Client errors (4xx), last hour"
            testId="client-error-rate"
            value={share(health.clientErrorsLastHour, health.requestsLastHour)}
          />
          <Stat
            label="Server errors (5xx), last hour"
            testId="server-error-rate"
            value={share(health.serverErrorsLastHour, health.requestsLastHour)}
          />
        </dl>
        <p className="text-sm text-slate-600">
          A client error (4xx) is Rollcall refusing a request it cannot apply — a conflict (409) with an
          existing user, an undefined attribute (400) — and is usually fixed in the identity provider&apos;s
          attribute mapping. A server error (5xx) is Rollcall&apos;s own failure. Signing certificate:{" "}
          {health.certificate
            ? health.certificate.state === "expired"
              ? "expired"
              : `${health.certificate.daysLeft} days left`
            : "none"}
          .
        </p>
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <LastFailure
          title="Last client error (4xx)"
          failure={health.lastClientError}
          none="No refused request."
          testId="last-client-error"
        />
        <LastFailure
          title="Last server error (5xx)"
          failure={health.lastServerError}
          none="No server error."
          testId="last-server-error"
        />
      </div>
      <Card title="Requests">
        <div className="grid gap-6 lg:grid-cols-2">
          <RequestsChart title="Last 24 hours (per hour)" data={health.hourly} />
          <RequestsChart title="Last 7 days (per day)" data={health.daily} />
        </div>
      </Card>
      <Card title="Directory">
        <GrowthChart data={health.growth} />
      </Card>
      <Card
        title="Compatibility self-test"
        description="Runs the requests Entra ID sends — Test Connection, create, filter, PATCH variants, disable, groups, delete — against this tenant's SCIM endpoint, in a sandbox that never touches your users and cleans up after itself. A status a step expects (Test Connection's 404) is not logged as a failure."
      >
        <RoleGate need="admin" mode="disable">
          <SelfTest
            idpId={idp.id}
            last={selfTest ? { at: formatDateTime(selfTest.at), steps: selfTest.steps } : null}
          />
        </RoleGate>
      </Card>
    </>
  );
}
