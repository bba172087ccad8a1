import type { Metadata } from "next";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listSetupLinks, type SetupLinkState } from "@/lib/setup-links/service";
import { CreateSetupLinkForm, RevokeSetupLinkButton } from "./setup-link-controls";

export const metadata: Metadata = { title: "Set-up links" };

const STATE: Record<SetupLinkState, { tone: "green" | "amber" | "red" | "gray"; label: string }> = {
  waiting: { tone: "amber", label: "Not opened yet" },
  "in-use": { tone: "green", label: "In use" },
  expired: { tone: "gray", label: "Expired" },
  revoked: { tone: "red", label: "Revoked" },
};

export default async function SetupLinksPage() {
  const admin = await requireAdmin();
  const links = await listSetupLinks(admin.tenantId);
  return (
    <>
      <PageHeader
        title="Set-up links"
        description="Let your IT person (or your identity provider's administrator) connect an identity provider and turn on provisioning without a Rollcall account. A link reaches only identity providers and provisioning, works in the first browser that starts it, expires, and can be revoked at any time."
      />
      <div className="space-y-6">
        <Card title="New set-up link">
          <CreateSetupLinkForm />
        </Card>
        <Card title="Links">
          {links.length === 0 ? (
            <p className="text-sm text-slate-600">No set-up link yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="setup-links">
              {links.map((l) => (
                <li
                  key={l.id}
                  data-testid="setup-link"
                  className="flex flex-wrap items-start justify-between gap-3 py-3 first:pt-0 last:pb-0"
                >
                  <div className="min-w-0 space-y-1 text-sm">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                      <span className="break-words">{l.label}</span>
                      <Badge tone={STATE[l.state].tone}>{STATE[l.state].label}</Badge>
                    </p>
                    <p className="text-slate-600">
                      Created {formatDateTime(l.createdAt)} by {l.createdBy} ·{" "}
                      {l.state === "expired" ? "expired" : "valid until"} {formatDateTime(l.expiresAt)}
                      {l.lastUsedAt ? ` · last used ${formatDateTime(l.lastUsedAt)}` : ""}
                    </p>
                  </div>
                  {l.state === "waiting" || l.state === "in-use" ? (
                    <RevokeSetupLinkButton id={l.id} label={l.label} />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
