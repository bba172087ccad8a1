import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { listAudit } from "@/lib/audit/service";
import { requireAdmin } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

const LABELS: Record<string, string> = {
  "identity_provider.created": "Added an identity provider",
  "identity_provider.updated": "Changed an identity provider",
  "identity_provider.deleted": "Deleted an identity provider",
  "identity_provider.sso_updated": "Changed sign-in options",
  "sso_domain.verified": "Verified an email domain",
  "sso_domain.unverified": "An email domain is no longer verified",
  "provisioning.enabled": "Enabled provisioning",
  "provisioning.disabled": "Disabled provisioning",
  "provisioning.token_created": "Generated a provisioning token",
  "provisioning.token_revoked": "Revoked a provisioning token",
  "admin.invited": "Invited an administrator",
  "admin.invite_renewed": "Sent an invite again",
  "admin.invite_revoked": "Revoked an invite",
  "admin.joined": "Joined as administrator",
  "admin.removed": "Removed an administrator",
  "admin.left": "Left the company",
  "admin.renamed": "Changed their name",
  "admin.password_changed": "Changed their password",
  "admin.password_reset": "Reset their password through a mailed link",
  "admin.email_changed": "Changed their email address",
  "admin.signed_out_everywhere": "Signed out everywhere",
  "role_mapping.added": "Mapped a group to a role",
  "role_mapping.moved": "Moved a role mapping",
  "role_mapping.removed": "Removed a role mapping",
  "role_default.changed": "Changed the default role",
};

export default async function AuditPage() {
  const admin = await requireAdmin();
  const events = await listAudit(admin.tenantId, 200);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="What administrators did, and when (the latest 200 events)."
      />
      {events.length === 0 ? (
        <EmptyState headingLevel={2} title="Nothing yet">
          Administrator actions appear here.
        </EmptyState>
      ) : (
        <Table testId="audit-table" cards>
          <thead className="bg-slate-50">
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {events.map((e) => (
              <tr key={e.id}>
                <Td label="When" className="whitespace-nowrap text-slate-600">
                  {formatDateTime(e.at)}
                </Td>
                <Td label="Who" className="break-words">
                  {e.actor}
                </Td>
                <Td label="What" className="break-words">
                  {LABELS[e.action] ?? e.action}
                  {e.target ? <span className="text-slate-600"> · {e.target}</span> : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
