import type { Metadata } from "next";
import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { CopyValue } from "@/components/ui/copy-button";
import { CursorPagination } from "@/components/ui/pagination";
import { Table, TBody, Td, Th } from "@/components/ui/table";
import { formatDate } from "@/lib/format";
import { applicationsPage } from "@/lib/oidc/applications";
import { oidcIssuer } from "@/lib/oidc/issuer";
import { requireOperator } from "@/lib/operators/current";
import { textParam } from "@/lib/search-params";
import { ApplicationKind, allowedTenants, secretRotated } from "./application-parts";
import { CreateApplicationForm } from "./create-application-form";
import { IssuerFields } from "./issuer-fields";

export const metadata: Metadata = { title: "Applications · Operator" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

const uriCount = (n: number) => `${n} redirect URI${n === 1 ? "" : "s"}`;

export default async function OperatorApplicationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<"after", string | string[] | undefined>>;
}) {
  await requireOperator();
  const after = textParam((await searchParams).after, 100);
  const rows = await applicationsPage(after, PAGE_SIZE + 1);
  const applications = rows.slice(0, PAGE_SIZE);
  const issuer = oidcIssuer();
  return (
    <>
      <PageHeader
        title="Applications"
        description="The applications that sign people in through Rollcall with OpenID Connect: Rollcall sends each person to their company's identity provider and back to the application."
      />
      <div className="space-y-6">
        {applications.length === 0 && after === undefined ? (
          <EmptyState headingLevel={2} title="No applications yet">
            <p>
              An application is your product, or one of its parts, as an OpenID Connect client: it sends
              people to Rollcall to sign in, and gets back who they are, their company and their roles.
            </p>
            <p className="mt-2">
              Register it below with its redirect URIs. Then give its OpenID Connect library the client id,
              the client secret and the issuer; the library reads everything else from the discovery URL.
            </p>
            <div className="mt-4">
              <IssuerFields issuer={issuer} />
            </div>
          </EmptyState>
        ) : (
          <div>
            <Table testId="applications-table">
              <thead className="bg-slate-50">
                <tr>
                  <Th>Application</Th>
                  <Th className="hidden md:table-cell">Redirect URIs</Th>
                  <Th className="hidden md:table-cell">Tenants</Th>
                  <Th className="hidden lg:table-cell">Created</Th>
                  <Th className="hidden lg:table-cell">Secret rotated</Th>
                </tr>
              </thead>
              <TBody>
                {applications.map((a) => (
                  <tr key={a.clientId} data-testid="application-row" data-client-id={a.clientId}>
                    <Td className="min-w-48 md:min-w-72">
                      <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                        <Link
                          href={`/operator/applications/${a.clientId}`}
                          className="font-medium text-indigo-700 [overflow-wrap:anywhere] hover:underline"
                        >
                          {a.name}
                        </Link>
                        <ApplicationKind application={a} />
                      </p>
                      <div className="mt-1 text-slate-600">
                        <CopyValue value={a.clientId} copyLabel={`Copy the client id of ${a.name}`} />
                      </div>
                      <p className="mt-1 text-xs text-slate-600 md:hidden">
                        {uriCount(a.redirectUris.length)} · {allowedTenants(a)}
                      </p>
                      <p className="mt-1 text-xs text-slate-600 lg:hidden">
                        Created {formatDate(new Date(a.createdAt))} ·{" "}
                        {a.public ? "no client secret" : `secret rotated ${secretRotated(a, "never")}`}
                      </p>
                    </Td>
                    <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">
                      {a.redirectUris.length}
                    </Td>
                    <Td className="hidden whitespace-nowrap text-slate-600 md:table-cell">
                      {allowedTenants(a)}
                    </Td>
                    <Td className="hidden whitespace-nowrap text-slate-600 lg:table-cell">
                      {formatDate(new Date(a.createdAt))}
                    </Td>
                    <Td className="hidden whitespace-nowrap text-slate-600 lg:table-cell">
                      {secretRotated(a)}
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <CursorPagination
              first={
                after !== undefined ? { href: "/operator/applications", label: "First applications" } : null
              }
              next={
                rows.length > PAGE_SIZE
                  ? {
                      href: `/operator/applications?after=${encodeURIComponent(applications.at(-1)!.clientId)}`,
                      label: "More applications",
                    }
                  : { end: "" }
              }
            />
          </div>
        )}
        <Card
          title="Register an application"
          description="Confidential (a server keeps a client secret) unless it is a public client. Every application uses PKCE."
        >
          <CreateApplicationForm issuer={issuer} />
        </Card>
      </div>
    </>
  );
}
