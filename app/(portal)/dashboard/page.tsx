import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, Card, Notice, PageHeader } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { tenantDashboard, type TenantDashboard } from "@/lib/directory/dashboard";
import { listIdentityProviders } from "@/lib/identity-providers/service";
import { formatAgo, formatDate, formatDateTime } from "@/lib/format";
import { idpHealth } from "@/lib/provisioning/health";
import { EXPIRY_WARNING_DAYS } from "@/lib/x509/certificate";

export const metadata: Metadata = { title: "Overview" };

const LINK = "font-medium text-indigo-700 underline hover:text-indigo-900";

function Step({ done, title, children }: { done: boolean; title: string; children: ReactNode }) {
  return (
    <li className="flex gap-3" data-testid="setup-step" data-done={done}>
      <span
        aria-hidden
        className={`mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full text-xs font-bold ${
          done ? "bg-emerald-600 text-white" : "bg-slate-200 text-slate-600"
        }`}
      >
        {done ? "✓" : ""}
      </span>
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">
          {title} <span className="sr-only">{done ? "(done)" : "(to do)"}</span>
        </p>
        {done ? null : <div className="text-sm text-slate-600">{children}</div>}
      </div>
    </li>
  );
}

/** The set-up steps, each done or not according to the company's data. */
function Checklist({ setup, advanced }: { setup: TenantDashboard["setup"]; advanced: boolean }) {
  const steps = Object.values(setup);
  return (
    <Card
      title="Get set up"
      description={`${steps.filter(Boolean).length} of ${steps.length} done. Connect Rollcall to Microsoft Entra ID (or another identity provider).`}
    >
      <ol className="space-y-4" data-testid="setup-checklist">
        <Step done={setup.identityProvider} title="Add your identity provider">
          Its display name and type.{" "}
          <Link href="/identity-providers/new" className={LINK}>
            Add one
          </Link>
        </Step>
        <Step done={setup.signIn} title="Set up single sign-on">
          The login URL and signing certificate (or federation metadata) from your identity provider, on the
          identity provider&apos;s page.
        </Step>
        <Step done={setup.provisioning} title="Enable provisioning">
          {advanced ? null : (
            <>
              Provisioning controls appear in the{" "}
              <Link href="/settings/profile" className={LINK}>
                Advanced administrator view
              </Link>
              .{" "}
            </>
          )}
          Then copy the tenant URL and secret token into Entra&apos;s Provisioning → Admin Credentials and
          select Test Connection.
        </Step>
        <Step done={setup.firstUser} title="Provision your first user">
          Start provisioning in your identity provider; users appear under{" "}
          <Link href="/users" className={LINK}>
            Users
          </Link>
          .
        </Step>
        <Step done={setup.firstSignIn} title="Sign in through your identity provider">
          A provisioned user signs in with the identity provider&apos;s Sign on URL or your company sign-in
          link.
        </Step>
      </ol>
    </Card>
  );
}

function Tile({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  testId: string;
}) {
  return (
    <div
      className="min-w-0 rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200"
      data-testid={testId}
    >
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-900 [overflow-wrap:anywhere]">{value}</dd>
      {detail ? <dd className="mt-0.5 text-xs text-slate-600 [overflow-wrap:anywhere]">{detail}</dd> : null}
    </div>
  );
}

function Figures({ d, now }: { d: TenantDashboard; now: Date }) {
  const count = (n: number) => n.toLocaleString("en-US");
  const errors = d.lastHour.clientErrors + d.lastHour.serverErrors;
  const certDays = d.certificate
    ? Math.floor((d.certificate.notAfter.getTime() - now.getTime()) / 86_400_000)
    : 0;
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading" className="mb-3 text-base font-semibold text-slate-900">
        At a glance
      </h2>
      <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <Tile
          testId="figure-users"
          label="Users"
          value={
            <Link href="/users" className="hover:underline">
              {count(d.users)}
            </Link>
          }
          detail={`${count(d.activeUsers)} active`}
        />
        <Tile
          testId="figure-groups"
          label="Groups"
          value={
            <Link href="/groups" className="hover:underline">
              {count(d.groups)}
            </Link>
          }
        />
        <Tile
          testId="figure-last-request"
          label="Last provisioning request"
          value={d.lastRequest ? formatAgo(d.lastRequest.at, now) : "None yet"}
          detail={
            d.lastRequest ? (
              <>
                <Badge
                  tone={d.lastRequest.status >= 500 ? "red" : d.lastRequest.status >= 400 ? "amber" : "green"}
                >
                  {d.lastRequest.status}
                </Badge>{" "}
                <span className="font-mono">{d.lastRequest.method}</span> · {formatDateTime(d.lastRequest.at)}{" "}
                ·{" "}
                <Link href="/logs" className={LINK}>
                  Log
                </Link>
              </>
            ) : (
              "Your identity provider has not called Rollcall."
            )
          }
        />
        <Tile
          testId="figure-errors"
          label="Failed requests, last hour"
          value={
            d.lastHour.requests === 0 ? "No requests" : `${count(errors)} of ${count(d.lastHour.requests)}`
          }
          detail={
            d.lastHour.requests === 0
              ? undefined
              : `${count(d.lastHour.clientErrors)} refused (4xx) · ${count(d.lastHour.serverErrors)} server errors (5xx)`
          }
        />
        <Tile
          testId="figure-certificate"
          label="Signing certificate"
          value={d.certificate ? (certDays < 0 ? "Expired" : `${count(certDays)} days left`) : "None"}
          detail={
            d.certificate ? (
              <>
                {certDays < EXPIRY_WARNING_DAYS ? (
                  <Badge tone={certDays < 0 ? "red" : "amber"}>Renew</Badge>
                ) : null}{" "}
                <Link href={`/identity-providers/${d.certificate.idpId}`} className={LINK}>
                  {d.certificate.idpName}
                </Link>
                : expires {formatDate(d.certificate.notAfter)}
              </>
            ) : (
              "No identity provider has a certificate yet."
            )
          }
        />
        <Tile
          testId="figure-token"
          label="Provisioning token"
          value={d.token ? `Created ${formatAgo(d.token.createdAt, now)}` : "None active"}
          detail={
            d.token ? (
              <>
                <Link href={`/identity-providers/${d.token.idpId}`} className={LINK}>
                  {d.token.idpName}
                </Link>
                : last used {d.token.lastUsedAt ? formatAgo(d.token.lastUsedAt, now) : "never"}
              </>
            ) : undefined
          }
        />
        <Tile
          testId="figure-held"
          label="Held changes"
          value={
            d.held > 0 ? (
              <Link href="/settings/guard" className="text-amber-800 hover:underline">
                {count(d.held)} to review
              </Link>
            ) : (
              "None"
            )
          }
          detail="Disables and deletes the deprovisioning guard holds."
        />
        <Tile
          testId="figure-sign-ins"
          label="Sign-ins today"
          value={count(d.signInsToday)}
          detail={`${count(d.refusalsToday)} refused · since 00:00 UTC`}
        />
      </dl>
    </section>
  );
}

export default async function DashboardPage() {
  const admin = await requireAdmin();
  const now = new Date();
  const [idps, dashboard] = await Promise.all([
    listIdentityProviders(admin.tenantId),
    tenantDashboard(admin.tenantId, now),
  ]);
  const warnings = (
    await Promise.all(
      idps
        .filter((i) => i.provisioningEnabled)
        .map(async (idp) =>
          ((await idpHealth(admin.tenantId, idp.id))?.warnings ?? []).map((w) => ({ ...w, idp })),
        ),
    )
  ).flat();
  const setUp = Object.values(dashboard.setup).every(Boolean);
  return (
    <>
      <PageHeader title={`Welcome, ${admin.name}`} description={`${admin.tenantName} on Rollcall`} />
      {warnings.length > 0 ? (
        <div className="mb-6 space-y-3">
          {warnings.map((w) => (
            <Notice key={`${w.idp.id}-${w.title}`} tone={w.tone} title={`${w.idp.displayName}: ${w.title}`}>
              {w.detail}{" "}
              <Link href={`/identity-providers/${w.idp.id}/health`} className="font-semibold underline">
                Open the health dashboard
              </Link>
            </Notice>
          ))}
        </div>
      ) : null}
      <div className="space-y-6">
        {setUp ? null : <Checklist setup={dashboard.setup} advanced={admin.adminView === "advanced"} />}
        {dashboard.setup.identityProvider ? <Figures d={dashboard} now={now} /> : null}
      </div>
    </>
  );
}
