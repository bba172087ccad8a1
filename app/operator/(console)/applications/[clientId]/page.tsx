import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { CopyValue } from "@/components/ui/copy-button";
import { Detail, Details } from "@/components/ui/details";
import { tenantNames } from "@/lib/directory/tenant-overview";
import { AppError } from "@/lib/errors";
import { formatWhen } from "@/lib/format";
import { getApplication, type Application } from "@/lib/oidc/applications";
import { oidcIssuer } from "@/lib/oidc/issuer";
import { requireOperator } from "@/lib/operators/current";
import { ApplicationKind } from "../application-parts";
import { discoveryUrl } from "../issuer-fields";
import { DeleteApplicationButton, EditApplicationForm, RotateSecretButton } from "./application-controls";

export const metadata: Metadata = { title: "Application · Operator" };
export const dynamic = "force-dynamic";

async function applicationOr404(clientId: string): Promise<Application> {
  try {
    return await getApplication(clientId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

function Uris({ uris, testId }: { uris: string[]; testId: string }) {
  if (uris.length === 0) return <span className="text-slate-600">None</span>;
  return (
    <ul className="space-y-1" data-testid={testId}>
      {uris.map((uri) => (
        <li key={uri} className="font-mono text-xs [overflow-wrap:anywhere]">
          {uri}
        </li>
      ))}
    </ul>
  );
}

/** Every tenant, or those listed — by name, with the id (a tenant deleted since is said so). */
function Tenants({ tenantIds, names }: { tenantIds: string[] | null; names: Map<string, string> }) {
  if (tenantIds === null) return <span>All tenants</span>;
  return (
    <ul className="space-y-1" data-testid="application-tenants">
      {tenantIds.map((id) => (
        <li key={id}>
          <span className="block font-medium">{names.get(id) ?? "(tenant deleted)"}</span>
          <span className="block font-mono text-xs text-slate-600 [overflow-wrap:anywhere]">{id}</span>
        </li>
      ))}
    </ul>
  );
}

export default async function OperatorApplicationPage({ params }: { params: Promise<{ clientId: string }> }) {
  await requireOperator();
  const application = await applicationOr404((await params).clientId);
  const names = await tenantNames(application.tenantIds ?? []);
  const issuer = oidcIssuer();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/operator/applications" className="font-medium text-indigo-700 hover:underline">
          ← Applications
        </Link>
      </p>
      <PageHeader
        title={<span className="[overflow-wrap:anywhere]">{application.name}</span>}
        description={
          application.public
            ? "A public application: it signs people in with PKCE alone, without a client secret."
            : "A confidential application: it signs people in with its client secret and PKCE."
        }
        actions={<DeleteApplicationButton clientId={application.clientId} name={application.name} />}
      />
      <div className="space-y-6">
        <Card title="Details">
          <Details>
            <Detail term="Client id">
              <CopyValue value={application.clientId} copyLabel="Copy the client id" testId="client-id" />
            </Detail>
            <Detail term="Kind">
              <ApplicationKind application={application} />
            </Detail>
            <Detail term="Issuer">
              <CopyValue value={issuer} copyLabel="Copy the issuer" />
            </Detail>
            <Detail term="Discovery URL">
              <CopyValue value={discoveryUrl(issuer)} copyLabel="Copy the discovery URL" />
            </Detail>
            <Detail term="Redirect URIs">
              <Uris uris={application.redirectUris} testId="application-redirect-uris" />
            </Detail>
            <Detail term="Post-logout redirect URIs">
              <Uris uris={application.postLogoutRedirectUris} testId="application-post-logout-uris" />
            </Detail>
            <Detail term="Allowed tenants">
              <Tenants tenantIds={application.tenantIds} names={names} />
            </Detail>
            <Detail term="Registered">{formatWhen(application.createdAt)}</Detail>
            {application.public ? null : (
              <Detail term="Secret rotated">{formatWhen(application.secretRotatedAt)}</Detail>
            )}
          </Details>
        </Card>
        {application.public ? null : (
          <Card
            title="Client secret"
            description="The application authenticates to the token endpoint with it. Rollcall keeps only a hash and shows it only when it is made."
          >
            {application.previousSecretValidUntil ? (
              <p className="mb-3 text-sm text-slate-600" data-testid="previous-secret">
                Rotated: the previous secret also works until{" "}
                {formatWhen(application.previousSecretValidUntil)}.
              </p>
            ) : null}
            <RotateSecretButton clientId={application.clientId} />
          </Card>
        )}
        <Card
          title="Edit"
          description="Changes apply to the next sign-in. Whether it is public cannot change: register a new application instead."
        >
          <EditApplicationForm application={application} />
        </Card>
      </div>
    </>
  );
}
