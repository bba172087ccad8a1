import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { pendingEmailChange } from "@/lib/accounts/profile";
import { ALERT_KINDS, alertsOff } from "@/lib/alerts/service";
import { listSessions } from "@/lib/auth/admin-sessions";
import { deviceOf } from "@/lib/auth/device";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/roles";
import { requireAdmin } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { mailEnabled } from "@/lib/mail/transport";
import { EmailForm, NameForm, PasswordForm } from "./account-forms";
import { AdminViewForm } from "./admin-view-form";
import { AlertForm } from "./alert-form";
import { Sessions } from "./sessions";

export const metadata: Metadata = { title: "Profile settings" };

export default async function ProfilePage() {
  const admin = await requireAdmin();
  const [pending, sessions, off] = await Promise.all([
    pendingEmailChange(admin),
    listSessions(admin),
    alertsOff(admin),
  ]);
  return (
    <>
      <PageHeader title="Profile settings" />
      <div className="space-y-6">
        <Card title="Your account">
          <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-600">Email</dt>
            <dd className="[overflow-wrap:anywhere]" data-testid="profile-email">
              {admin.email}
            </dd>
            <dt className="text-slate-600">Company</dt>
            <dd>{admin.tenantName}</dd>
            <dt className="text-slate-600">Role</dt>
            <dd data-testid="profile-role">
              {ROLE_LABELS[admin.role]}{" "}
              <span className="text-slate-600">— {ROLE_DESCRIPTIONS[admin.role]}</span>
            </dd>
          </dl>
          <NameForm name={admin.name} />
        </Card>
        <Card
          title="Email address"
          description="You sign in with it. The new address takes effect when you open the link we send to it; your current address is told."
        >
          <EmailForm
            pending={
              pending ? { newEmail: pending.newEmail, expires: formatDateTime(pending.expiresAt) } : null
            }
          />
        </Card>
        <Card title="Password">
          <PasswordForm email={admin.email} />
        </Card>
        <Card
          title="Two-factor sign-in"
          description="A code from an authenticator app or a passkey after your password — or a passkey alone."
        >
          <Link href="/settings/security" className={buttonClass("secondary")}>
            Manage two-factor sign-in
          </Link>
        </Card>
        <Card
          title="Alerts by email"
          description={
            mailEnabled()
              ? "What Rollcall mails you about, at most once an hour per kind."
              : "Rollcall sends no email until SMTP is configured; your choice applies then."
          }
        >
          <AlertForm
            kinds={Object.entries(ALERT_KINDS).map(([kind, label]) => ({ kind, label }))}
            off={off}
          />
        </Card>
        <Card
          title="Administrator view"
          description="The advanced view adds provisioning (SCIM) controls to each identity provider."
        >
          <AdminViewForm current={admin.adminView === "advanced" ? "advanced" : "basic"} />
        </Card>
        <Card
          title="Sessions"
          description="Where your account is signed in. Signed in on a computer you no longer use, or worried someone copied your session? End it."
        >
          <Sessions
            sessions={sessions.map((s) => ({
              id: s.id,
              device: deviceOf(s.userAgent),
              address: s.address,
              createdAt: formatDateTime(s.createdAt),
              lastSeenAt: formatDateTime(s.lastSeenAt),
              current: s.current,
            }))}
          />
        </Card>
      </div>
    </>
  );
}
