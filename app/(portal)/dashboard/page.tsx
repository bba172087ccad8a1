import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { requireAdmin } from "@/lib/auth/session";
import { listIdentityProviders } from "@/lib/identity-providers/service";
import { idpHealth } from "@/lib/provisioning/health";
import { listAdmins } from "@/lib/tenants/service";
import { Notice } from "@/components/ui/card";

export const metadata: Metadata = { title: "Overview" };

function Step({ done, title, children }: { done: boolean; title: string; children: React.ReactNode }) {
  return (
    <li className="flex gap-3">
      <span
        aria-hidden
        className={`mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full text-xs font-bold ${
          done ? "bg-emerald-500 text-white" : "bg-slate-200 text-slate-600"
        }`}
      >
        {done ? "✓" : ""}
      </span>
      <div>
        <p className="text-sm font-medium text-slate-900">
          {title} <span className="sr-only">{done ? "(done)" : "(to do)"}</span>
        </p>
        <div className="text-sm text-slate-600">{children}</div>
      </div>
    </li>
  );
}

export default async function DashboardPage() {
  const admin = await requireAdmin();
  const [idps, admins] = await Promise.all([
    listIdentityProviders(admin.tenantId),
    listAdmins(admin.tenantId),
  ]);
  const provisioning = idps.filter((i) => i.provisioningEnabled);
  const warnings = (
    await Promise.all(
      provisioning.map(async (idp) =>
        ((await idpHealth(admin.tenantId, idp.id))?.warnings ?? []).map((w) => ({ ...w, idp })),
      ),
    )
  ).flat();
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
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Card
            title="Get set up"
            description="Connect Rollcall to Microsoft Entra ID (or another identity provider)."
          >
            <ol className="space-y-4">
              <Step done={idps.length > 0} title="Add your identity provider">
                Display name, login URL and signing certificate from your IdP.{" "}
                <Link href="/identity-providers/new" className="font-medium text-indigo-600 hover:underline">
                  Add one
                </Link>
              </Step>
              <Step done={admin.adminView === "advanced"} title="Switch to the Advanced administrator view">
                Provisioning controls appear in the advanced view.{" "}
                <Link href="/settings/profile" className="font-medium text-indigo-600 hover:underline">
                  Profile settings
                </Link>
              </Step>
              <Step done={provisioning.length > 0} title="Enable provisioning">
                Copy the tenant URL and secret token into Entra&apos;s Provisioning → Admin Credentials, then
                select Test Connection.
              </Step>
            </ol>
          </Card>
        </div>
        <Card title="At a glance">
          <dl className="space-y-3 text-sm">
            <div className="flex justify-between">
              <dt className="text-slate-600">Identity providers</dt>
              <dd className="font-semibold">{idps.length}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-slate-600">Provisioning</dt>
              <dd>{provisioning.length > 0 ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-slate-600">Administrators</dt>
              <dd className="font-semibold">{admins.length}</dd>
            </div>
          </dl>
          <Link href="/identity-providers" className={buttonClass("secondary", "mt-5 w-full")}>
            Manage identity providers
          </Link>
        </Card>
      </div>
    </>
  );
}
