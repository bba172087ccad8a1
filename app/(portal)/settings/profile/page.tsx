import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { AdminViewForm } from "./admin-view-form";
import { SignOutEverywhere } from "./sign-out-everywhere";

export const metadata: Metadata = { title: "Profile settings" };

export default async function ProfilePage() {
  const admin = await requireAdmin();
  return (
    <>
      <PageHeader title="Profile settings" />
      <div className="space-y-6">
        <Card title="Your account">
          <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-500">Name</dt>
            <dd>{admin.name}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd>{admin.email}</dd>
            <dt className="text-slate-500">Company</dt>
            <dd>{admin.tenantName}</dd>
          </dl>
        </Card>
        <Card
          title="Administrator view"
          description="The advanced view adds provisioning (SCIM) controls to each identity provider."
        >
          <AdminViewForm current={admin.adminView === "advanced" ? "advanced" : "basic"} />
        </Card>
        <Card
          title="Sessions"
          description="Signed in on a computer you no longer use, or worried someone copied your session? End all of them."
        >
          <SignOutEverywhere />
        </Card>
      </div>
    </>
  );
}
