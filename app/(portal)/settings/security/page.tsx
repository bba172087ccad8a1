import type { Metadata } from "next";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { requireEnrollingAdmin } from "@/lib/auth/session";
import { requiresTwoFactor, twoFactorStatus } from "@/lib/auth/two-factor";
import { formatDateTime } from "@/lib/format";
import { AddPasskey, RemovePasskey, RequireTwoFactorForm, TotpControls, TotpSetup } from "./security-forms";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function SecurityPage() {
  const admin = await requireEnrollingAdmin();
  const [status, required] = await Promise.all([twoFactorStatus(admin), requiresTwoFactor(admin.tenantId)]);
  return (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description="After your password, Rollcall asks for a code from your authenticator app or a passkey. A passkey also signs you in on its own."
      />
      <div className="space-y-6">
        {admin.mustEnrol ? (
          <Notice tone="amber" title="Set up a second factor to continue">
            {admin.tenantName} requires two-factor sign-in for every administrator. Add an authenticator app
            or a passkey below; the rest of the portal opens once you have one.
          </Notice>
        ) : null}
        <Card title="Authenticator app" description="A six-digit code that changes every 30 seconds.">
          {status.totp ? <TotpControls codesLeft={status.recoveryCodesLeft} /> : <TotpSetup />}
        </Card>
        <Card
          title="Passkeys"
          description="Your device's screen lock, a password manager or a security key. No password needed."
        >
          {status.passkeys.length > 0 ? (
            <ul className="mb-4 divide-y divide-slate-100" data-testid="passkey-list">
              {status.passkeys.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <span className="min-w-0 [overflow-wrap:anywhere]">
                    <span className="font-medium text-slate-900">{p.name}</span>
                    <span className="block text-xs text-slate-600">
                      Added {formatDateTime(p.createdAt)} · last used{" "}
                      {p.lastUsedAt ? formatDateTime(p.lastUsedAt) : "never"}
                    </span>
                  </span>
                  <RemovePasskey id={p.id} name={p.name} />
                </li>
              ))}
            </ul>
          ) : null}
          <AddPasskey />
        </Card>
        {hasRole(admin.role, "owner") && !admin.mustEnrol ? (
          <Card title={`Two-factor sign-in at ${admin.tenantName}`}>
            <RequireTwoFactorForm required={required} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
