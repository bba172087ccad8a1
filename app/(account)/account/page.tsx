import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getUser } from "@/lib/directory/users";
import { maskCardNumber } from "@/lib/format";
import { ENTERPRISE_SCHEMA, UNIFLOW_SCHEMA } from "@/lib/scim/schema/user";
import { cookieName } from "@/lib/security/cookies";
import { readUserSession } from "@/lib/sso/sessions";
import { getTenant } from "@/lib/tenants/service";
import { signOutAction } from "./actions";

export const metadata: Metadata = { title: "My account" };
export const dynamic = "force-dynamic";

type Doc = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value : null);

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-sm text-slate-900 [overflow-wrap:anywhere] sm:col-span-2">{children}</dd>
    </div>
  );
}

export default async function AccountPage() {
  const session = await readUserSession((await cookies()).get(cookieName("userSession"))?.value);
  if (session.state === "disabled") redirect("/account/refused?reason=disabled");
  if (session.state !== "active") redirect("/login");
  const [user, tenant] = await Promise.all([
    getUser(session.tenantId, session.userId),
    getTenant(session.tenantId),
  ]);
  if (!user) redirect("/login");
  const doc = user.doc;
  const name = (doc.name ?? {}) as Doc;
  const enterprise = (doc[ENTERPRISE_SCHEMA] ?? {}) as Doc;
  const uniflow = (doc[UNIFLOW_SCHEMA] ?? {}) as Doc;
  const emails = Array.isArray(doc.emails) ? (doc.emails as Doc[]) : [];
  const email = str(emails.find((e) => e.primary === true)?.value) ?? str(emails[0]?.value);
  const displayName =
    str(doc.displayName) ??
    ([str(name.givenName), str(name.familyName)].filter(Boolean).join(" ") || user.userName);
  const cardNumber = str(uniflow.cardNumber);
  const rows: [string, string | null][] = [
    ["Username", user.userName],
    [
      "Name",
      str(name.formatted) ?? ([str(name.givenName), str(name.familyName)].filter(Boolean).join(" ") || null),
    ],
    ["Email", email],
    ["Title", str(doc.title)],
    ["Department", str(enterprise.department)],
    ["Employee number", str(enterprise.employeeNumber)],
    ["Card number", cardNumber ? maskCardNumber(cardNumber) : null],
    ["PIN", user.hasPin ? "Set (kept hashed; nobody can read it)" : null],
  ];
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900">My account</h1>
      <Card
        title={<span data-testid="account-name">{displayName}</span>}
        description={`Signed in to ${tenant?.name ?? "your company"} through single sign-on.`}
        actions={
          <form action={signOutAction}>
            <Button type="submit" variant="secondary">
              Sign out
            </Button>
          </form>
        }
      >
        <h2 className="sr-only">Your profile</h2>
        <dl className="divide-y divide-slate-100" data-testid="account-profile">
          {rows
            .filter((r): r is [string, string] => r[1] !== null)
            .map(([label, value]) => (
              <Row key={label} label={label}>
                {value}
              </Row>
            ))}
          {user.groups.length > 0 ? (
            <Row label="Groups">{user.groups.map((g) => g.displayName).join(", ")}</Row>
          ) : null}
        </dl>
        <p className="mt-4 text-xs text-slate-600">
          Your profile is kept in step with your company directory. To change it, ask your administrator.
        </p>
      </Card>
    </>
  );
}
