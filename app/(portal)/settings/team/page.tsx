import type { Metadata } from "next";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { hasRole, ROLE_LABELS, roleOf } from "@/lib/auth/roles";
import { requireAdmin } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { mailEnabled } from "@/lib/mail/transport";
import { listInvites } from "@/lib/tenants/invites";
import { getTenant, listAdmins } from "@/lib/tenants/service";
import { AdminRoleControls } from "./admin-role-controls";
import { AdminSsoForm } from "./admin-sso-form";
import { DeleteCompanyButton } from "./delete-company-button";
import { InviteControls, InviteForm } from "./invite-form";
import { RemoveAdminButton } from "./remove-admin-button";
import { ResetTwoFactorButton } from "./reset-two-factor-button";

export const metadata: Metadata = { title: "Administrators" };

export default async function TeamPage() {
  const admin = await requireAdmin();
  const [admins, invites, tenant] = await Promise.all([
    listAdmins(admin.tenantId),
    listInvites(admin.tenantId),
    getTenant(admin.tenantId),
  ]);
  // Only owners manage the company's administrators and settings (the actions check it again).
  const owner = hasRole(admin.role, "owner");
  return (
    <>
      <PageHeader title="Administrators" description={`People who manage ${admin.tenantName} in Rollcall.`} />
      <div className="space-y-6">
        {owner ? (
          <Card
            title="Invite an administrator"
            description={
              mailEnabled()
                ? "We email them a link to set their name and password; it works once, for 7 days."
                : "You get a link to send them, to set their name and password; it works once, for 7 days."
            }
          >
            <InviteForm />
          </Card>
        ) : (
          <p className="text-sm text-slate-600" data-testid="team-role-notice">
            Your role at {admin.tenantName} is {ROLE_LABELS[admin.role]}: an owner invites and removes
            administrators and changes the company&apos;s settings.
          </p>
        )}
        <Card
          title="Single sign-on for administrators"
          description="Administrators start at /login with their work email, or at the company sign-in link."
        >
          {owner ? (
            <AdminSsoForm enabled={tenant?.adminSso ?? false} />
          ) : (
            <p className="text-sm text-slate-700">
              {tenant?.adminSso
                ? "Administrators may sign in through your identity provider."
                : "Administrators sign in with their password only."}
            </p>
          )}
        </Card>
        <Card title={`Administrators (${admins.length})`}>
          <ul className="divide-y divide-slate-100" data-testid="admin-list">
            {admins.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span className="min-w-0 [overflow-wrap:anywhere]">
                  <span className="font-medium text-slate-900">{a.name}</span>{" "}
                  <span className="text-slate-600">{a.email}</span>
                  {a.id === admin.id ? <span className="ml-2 text-xs text-slate-600">(you)</span> : null}
                  <span className="block text-xs text-slate-600">
                    since {formatDate(a.createdAt)} · two-factor {a.twoFactor ? "on" : "off"}
                  </span>
                </span>
                <span className="flex flex-wrap items-center gap-3">
                  {owner && a.id !== admin.id ? (
                    <AdminRoleControls id={a.id} name={a.name} email={a.email} role={roleOf(a.role)} />
                  ) : (
                    <Badge tone={a.role === "owner" ? "indigo" : "gray"}>{ROLE_LABELS[roleOf(a.role)]}</Badge>
                  )}
                  {owner && a.id !== admin.id && a.twoFactor ? (
                    <ResetTwoFactorButton id={a.id} name={a.name} email={a.email} />
                  ) : null}
                  {admins.length > 1 && (owner || a.id === admin.id) ? (
                    <RemoveAdminButton id={a.id} name={a.name} email={a.email} self={a.id === admin.id} />
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
          {invites.length > 0 ? (
            <>
              <h3 className="mt-4 text-sm font-semibold text-slate-900">Invites</h3>
              <ul className="divide-y divide-slate-100" data-testid="invite-list">
                {invites.map((i) => (
                  <li
                    key={i.id}
                    data-testid="invite-row"
                    className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
                  >
                    <span className="min-w-0 [overflow-wrap:anywhere]">
                      <span className="block">
                        {i.email} <span className="text-xs text-slate-600">as {ROLE_LABELS[i.role]}</span>
                      </span>
                      {i.expired ? (
                        <Badge tone="amber">Expired {formatDateTime(i.expiresAt)}</Badge>
                      ) : (
                        <span className="block text-xs text-slate-600">
                          Expires {formatDateTime(i.expiresAt)}
                        </span>
                      )}
                    </span>
                    {owner ? <InviteControls id={i.id} email={i.email} role={i.role} /> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Card>
        {owner ? (
          <Card
            title="Delete the company"
            description="For a company that no longer uses Rollcall. This cannot be undone."
          >
            <DeleteCompanyButton company={admin.tenantName} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
