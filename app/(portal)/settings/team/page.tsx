import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { getTenant, listAdmins, listPendingInvites } from "@/lib/tenants/service";
import { AdminSsoForm } from "./admin-sso-form";
import { InviteForm } from "./invite-form";
import { RemoveAdminButton } from "./remove-admin-button";

export const metadata: Metadata = { title: "Administrators" };

export default async function TeamPage() {
  const admin = await requireAdmin();
  const [admins, invites, tenant] = await Promise.all([
    listAdmins(admin.tenantId),
    listPendingInvites(admin.tenantId),
    getTenant(admin.tenantId),
  ]);
  return (
    <>
      <PageHeader title="Administrators" description={`People who manage ${admin.tenantName} in Rollcall.`} />
      <div className="space-y-6">
        <Card
          title="Invite an administrator"
          description="They get a link to set their name and password; it works once, for 7 days."
        >
          <InviteForm />
        </Card>
        <Card
          title="Single sign-on for administrators"
          description="Administrators start at /login with their work email, or at the company sign-in link."
        >
          <AdminSsoForm enabled={tenant?.adminSso ?? false} />
        </Card>
        <Card title={`Administrators (${admins.length})`}>
          <ul className="divide-y divide-slate-100" data-testid="admin-list">
            {admins.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <span className="font-medium text-slate-900">{a.name}</span>{" "}
                  <span className="text-slate-500">{a.email}</span>
                  {a.id === admin.id ? <span className="ml-2 text-xs text-slate-400">(you)</span> : null}
                </span>
                <span className="flex items-center gap-3">
                  <span className="text-xs text-slate-500">since {formatDate(a.createdAt)}</span>
                  {a.id === admin.id ? null : <RemoveAdminButton id={a.id} name={a.name} email={a.email} />}
                </span>
              </li>
            ))}
          </ul>
          {invites.length > 0 ? (
            <>
              <h3 className="mt-4 text-sm font-semibold text-slate-900">Pending invites</h3>
              <ul className="divide-y divide-slate-100">
                {invites.map((i) => (
                  <li key={i.id} className="flex justify-between py-2 text-sm">
                    <span>{i.email}</span>
                    <span className="text-xs text-slate-500">expires {formatDate(i.expiresAt)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Card>
      </div>
    </>
  );
}
