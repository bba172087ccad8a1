import { Notice, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import { REFUSALS, type SetupLinkStatus } from "@/lib/setup-links/service";
import { StartSetup } from "./start-setup";

/** What a set-up link shows before it can be used here: Start, or why it does not work. */
export function SetupGate({
  token,
  status,
}: {
  token: string;
  status: Exclude<SetupLinkStatus, { state: "ready" }>;
}) {
  if (status.state === "unstarted") {
    return (
      <>
        <PageHeader
          title={`Set up sign-in for ${status.companyName}`}
          description={`A set-up link for ${status.label}, valid until ${formatDateTime(status.expiresAt)}.`}
        />
        <div className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <p className="text-sm text-slate-700">
            With this link you connect {status.companyName}&apos;s identity provider (Microsoft Entra ID,
            Okta…) to Rollcall: single sign-on and provisioning. You need no Rollcall account. Nothing else of
            the company can be seen or changed here.
          </p>
          <p className="text-sm text-slate-700">
            The link works in <strong>one browser</strong>: the one where you start the set-up. Keep using
            this browser until you are done.
          </p>
          <StartSetup token={token} />
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={status.state === "unknown" ? "Set-up link not found" : `Set-up for ${status.companyName}`}
      />
      <div data-testid="setup-refused" data-state={status.state}>
        <Notice tone="red" title="This link cannot be used">
          {REFUSALS[status.state]}
        </Notice>
      </div>
    </>
  );
}
