import type { Metadata } from "next";
import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { CursorPagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { tenantNames } from "@/lib/directory/tenant-overview";
import { EVENT_TYPES } from "@/lib/events/types";
import { requireOperator } from "@/lib/operators/current";
import { textParam } from "@/lib/search-params";
import { endpointsPage } from "@/lib/webhooks/status";
import { CreateEndpointForm } from "./create-endpoint-form";
import { DeliveryCounts, EndpointStatus, Receives, retryWindow, shownUrl } from "./endpoint-parts";

export const metadata: Metadata = { title: "Webhooks · Operator" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

/** The documented event types with the first sentence of what each means. */
const TYPES = Object.entries(EVENT_TYPES).map(([type, text]) => ({
  type,
  help: text.split(" data:")[0]!.replace(/\.$/, ""),
}));

export default async function OperatorWebhooksPage({
  searchParams,
}: {
  searchParams: Promise<Record<"after", string | string[] | undefined>>;
}) {
  await requireOperator();
  const after = textParam((await searchParams).after, 100);
  const rows = await endpointsPage(after, PAGE_SIZE + 1);
  const endpoints = rows.slice(0, PAGE_SIZE);
  const names = await tenantNames(endpoints.flatMap((e) => (e.tenantId === null ? [] : [e.tenantId])));
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={`Rollcall posts every event to these URLs as it happens — users and groups provisioned, changed or removed — signed with the endpoint's secret (Standard Webhooks), retried for ${retryWindow()} until it is delivered.`}
      />
      <div className="space-y-6">
        {endpoints.length === 0 && after === undefined ? (
          <EmptyState headingLevel={2} title="No webhook endpoints yet">
            <p>
              A webhook endpoint is a URL of the application Rollcall serves: it learns of each change to a
              directory the moment it is committed, instead of polling the events API.
            </p>
            <p className="mt-2">
              Add one below with its URL (and, if it wants less than everything, a tenant and event types).
              Its signing secret is shown once, for the receiver to verify each request.
            </p>
          </EmptyState>
        ) : (
          <div>
            <Table testId="webhook-endpoints">
              <thead className="bg-slate-50">
                <tr>
                  <Th>Endpoint</Th>
                  <Th className="hidden sm:table-cell">Receives</Th>
                  <Th className="hidden sm:table-cell">Status</Th>
                  <Th className="hidden lg:table-cell">Deliveries</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {endpoints.map((e) => (
                  <tr key={e.id} data-testid="webhook-endpoint-row" data-endpoint-id={e.id}>
                    <Td className="sm:min-w-56 lg:min-w-72">
                      <Link
                        href={`/operator/webhooks/${e.id}`}
                        className="font-medium text-indigo-700 [overflow-wrap:anywhere] hover:underline"
                      >
                        {shownUrl(e.url)}
                      </Link>
                      {e.description ? (
                        <p className="mt-0.5 text-slate-600 [overflow-wrap:anywhere]">{e.description}</p>
                      ) : null}
                      <div className="mt-2 space-y-2 sm:hidden">
                        <EndpointStatus endpoint={e} />
                        <Receives endpoint={e} tenantName={names.get(e.tenantId ?? "")} />
                      </div>
                      <div className="mt-2 lg:hidden">
                        <DeliveryCounts endpoint={e} />
                      </div>
                    </Td>
                    <Td className="hidden sm:table-cell">
                      <Receives endpoint={e} tenantName={names.get(e.tenantId ?? "")} />
                    </Td>
                    <Td className="hidden sm:table-cell">
                      <EndpointStatus endpoint={e} />
                    </Td>
                    <Td className="hidden lg:table-cell">
                      <DeliveryCounts endpoint={e} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <CursorPagination
              first={after !== undefined ? { href: "/operator/webhooks", label: "First endpoints" } : null}
              next={
                rows.length > PAGE_SIZE
                  ? {
                      href: `/operator/webhooks?after=${encodeURIComponent(endpoints.at(-1)!.id)}`,
                      label: "More endpoints",
                    }
                  : { end: "" }
              }
            />
          </div>
        )}
        <Card
          title="Add a webhook endpoint"
          description="It receives the events committed from now on that its filters allow; older ones can be replayed from its page."
        >
          <CreateEndpointForm types={TYPES} />
        </Card>
      </div>
    </>
  );
}
