import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, EmptyState, Notice, PageHeader } from "@/components/ui/card";
import { CopyValue } from "@/components/ui/copy-button";
import { Detail, Details } from "@/components/ui/details";
import { CursorPagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { ID_PATTERN } from "@/lib/api/routes/params";
import { tenantNames } from "@/lib/directory/tenant-overview";
import { AppError } from "@/lib/errors";
import { formatWhen } from "@/lib/format";
import { requireOperator } from "@/lib/operators/current";
import { textParam } from "@/lib/search-params";
import { attemptsPage, endpointView, type AttemptView, type EndpointView } from "@/lib/webhooks/status";
import {
  DeliveryCounts,
  EndpointStatus,
  OutcomeBadge,
  Receives,
  retryWindow,
  shownUrl,
} from "../endpoint-parts";
import { DeleteEndpointButton, EnableButton, RotateSecretButton, TestSendButton } from "./endpoint-controls";
import { ReplayForm } from "./replay-form";

export const metadata: Metadata = { title: "Webhook endpoint · Operator" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

async function endpointOr404(id: string): Promise<EndpointView> {
  if (!ID_PATTERN.test(id)) notFound();
  try {
    return await endpointView(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

/** Why the endpoint is disabled or failing, and what enabling it does. */
function Health({ endpoint: e }: { endpoint: EndpointView }) {
  if (!e.enabled && e.disabledReason === "failing") {
    return (
      <Notice tone="red" title="Disabled because every delivery failed">
        <p>
          Every attempt failed from {formatWhen(e.failingSince, "—")} for the whole retry window (
          {retryWindow()}
          ), so Rollcall disabled the endpoint at {formatWhen(e.disabledAt)}. Its deliveries wait. Fix the
          receiver (the delivery log below shows its answers), then enable it again: the waiting deliveries go
          out at once, and the events committed meanwhile follow.
        </p>
        <div className="mt-3">
          <EnableButton endpointId={e.id} enable label="Enable again" variant="primary" />
        </div>
      </Notice>
    );
  }
  if (e.enabled && e.failingSince) {
    return (
      <Notice tone="red" title={`Failing since ${formatWhen(e.failingSince)}`}>
        Every attempt since then has failed. Rollcall keeps retrying; if nothing gets through for the whole
        retry window ({retryWindow()}), the endpoint is disabled.
      </Notice>
    );
  }
  return null;
}

function Excerpt({ text }: { text: string }) {
  return (
    <code className="block whitespace-pre-wrap font-mono text-xs text-slate-600 [overflow-wrap:anywhere]">
      {text || "(empty)"}
    </code>
  );
}

function EventCell({ a }: { a: AttemptView }) {
  return (
    <>
      <p className="font-mono text-xs text-slate-900 [overflow-wrap:anywhere] sm:whitespace-nowrap">
        {a.webhookId ?? "—"}
      </p>
      <p className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-slate-600">
        <span>{a.eventType ?? "(no longer kept)"}</span>
        {a.kind === "event" ? null : <Badge tone={a.kind === "test" ? "indigo" : "amber"}>{a.kind}</Badge>}
      </p>
    </>
  );
}

/** The delivery log: attempts newest first, each with its event, outcome, status, latency and answer. */
function DeliveryLog({ attempts }: { attempts: AttemptView[] }) {
  return (
    <Table testId="webhook-attempts">
      <thead className="bg-slate-50">
        <tr>
          <Th>Time</Th>
          <Th className="hidden sm:table-cell">Event</Th>
          <Th>Outcome</Th>
          <Th className="hidden md:table-cell">HTTP</Th>
          <Th className="hidden md:table-cell">Latency</Th>
          <Th className="hidden lg:table-cell">Response</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {attempts.map((a) => (
          <tr key={a.id} data-testid="webhook-attempt" data-outcome={a.outcome} data-kind={a.kind}>
            <Td className="min-w-0">
              <p className="whitespace-nowrap text-slate-900">{formatWhen(a.at)}</p>
              <p className="text-xs text-slate-600">Attempt {a.attempt}</p>
              <div className="mt-1 sm:hidden">
                <EventCell a={a} />
              </div>
              <div className="mt-1 sm:hidden">
                <Excerpt text={a.excerpt} />
              </div>
            </Td>
            <Td className="hidden min-w-0 sm:table-cell">
              <EventCell a={a} />
              <div className="mt-1 lg:hidden">
                <Excerpt text={a.excerpt} />
              </div>
            </Td>
            <Td>
              <OutcomeBadge outcome={a.outcome} />
              <p className="mt-1 whitespace-nowrap text-xs text-slate-600 md:hidden">
                {a.statusCode === null ? "No answer" : `HTTP ${a.statusCode}`} · {a.latencyMs} ms
              </p>
            </Td>
            <Td className="hidden whitespace-nowrap text-slate-700 md:table-cell">{a.statusCode ?? "—"}</Td>
            <Td className="hidden whitespace-nowrap text-slate-700 md:table-cell">{a.latencyMs} ms</Td>
            <Td className="hidden max-w-xs lg:table-cell">
              <Excerpt text={a.excerpt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export default async function OperatorWebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<"before" | "beforeId", string | string[] | undefined>>;
}) {
  await requireOperator();
  const { id } = await params;
  const endpoint = await endpointOr404(id);
  const sp = await searchParams;
  const beforeAt = textParam(sp.before, 40);
  const beforeId = textParam(sp.beforeId, 100);
  const before: [string, string] | undefined =
    beforeAt && beforeId && !Number.isNaN(Date.parse(beforeAt)) && ID_PATTERN.test(beforeId)
      ? [beforeAt, beforeId]
      : undefined;
  const rows = await attemptsPage(id, { before, limit: PAGE_SIZE + 1 });
  const attempts = rows.slice(0, PAGE_SIZE);
  const last = attempts.at(-1);
  const tenantName = endpoint.tenantId
    ? (await tenantNames([endpoint.tenantId])).get(endpoint.tenantId)
    : undefined;
  const url = shownUrl(endpoint.url);
  const base = `/operator/webhooks/${endpoint.id}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/operator/webhooks" className="font-medium text-indigo-700 hover:underline">
          ← Webhooks
        </Link>
      </p>
      <PageHeader
        title={<span className="[overflow-wrap:anywhere]">{url}</span>}
        description={endpoint.description || "A webhook endpoint."}
        actions={
          <>
            {endpoint.enabled ? (
              <EnableButton endpointId={endpoint.id} enable={false} label="Disable" />
            ) : endpoint.disabledReason === "failing" ? null : (
              <EnableButton endpointId={endpoint.id} enable label="Enable" variant="primary" />
            )}
            <DeleteEndpointButton endpointId={endpoint.id} url={url} />
          </>
        }
      />
      <div className="space-y-6">
        <Health endpoint={endpoint} />
        <Card title="Details">
          <Details>
            <Detail term="Status">
              <EndpointStatus endpoint={endpoint} />
              {!endpoint.enabled && endpoint.disabledReason === "operator" ? (
                <p className="mt-1 text-xs text-slate-600">
                  Since {formatWhen(endpoint.disabledAt)}. Its deliveries wait until it is enabled again.
                </p>
              ) : null}
            </Detail>
            <Detail term="URL">
              <span className="font-mono text-xs [overflow-wrap:anywhere]">{endpoint.url}</span>
            </Detail>
            <Detail term="Receives">
              <Receives endpoint={endpoint} tenantName={tenantName} />
            </Detail>
            <Detail term="Deliveries">
              <DeliveryCounts endpoint={endpoint} />
            </Detail>
            <Detail term="Endpoint id">
              <CopyValue value={endpoint.id} copyLabel="Copy the endpoint id" />
            </Detail>
            <Detail term="Added">{formatWhen(endpoint.createdAt)}</Detail>
          </Details>
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card
            title="Send a test event"
            description="Posts a signed webhook.test event now (even while disabled) and shows the answer. Not retried; recorded in the delivery log."
          >
            <TestSendButton endpointId={endpoint.id} />
          </Card>
          <Card
            title="Signing secret"
            description="The receiver verifies each request's signature with it. Rollcall shows it only when it is made."
          >
            {endpoint.previousSecretValidUntil ? (
              <p className="mb-3 text-sm text-slate-600">
                Rotated: the previous secret signs too until {formatWhen(endpoint.previousSecretValidUntil)}.
              </p>
            ) : null}
            <RotateSecretButton endpointId={endpoint.id} />
          </Card>
        </div>
        <Card
          title="Replay events"
          description="Delivers events again — one, a range of ids or a time range — as the endpoint's filters allow."
        >
          {endpoint.enabled ? (
            <ReplayForm endpointId={endpoint.id} url={url} />
          ) : (
            <p className="text-sm text-slate-600">Enable the endpoint to replay events to it.</p>
          )}
        </Card>
        <section aria-labelledby="delivery-log" className="space-y-3">
          <div>
            <h2 id="delivery-log" className="text-base font-semibold text-slate-900">
              Delivery log
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Every attempt, newest first. Answers are shown as text, at most 200 characters.
            </p>
          </div>
          {attempts.length === 0 ? (
            <EmptyState title={before ? "No older attempts" : "No attempts yet"}>
              {before
                ? "The log holds nothing before this."
                : "Attempts appear here as events are delivered. Send a test event to try the endpoint now."}
            </EmptyState>
          ) : (
            <DeliveryLog attempts={attempts} />
          )}
          <CursorPagination
            first={before ? { href: base, label: "Newest" } : null}
            next={
              rows.length > PAGE_SIZE && last
                ? {
                    href: `${base}?${new URLSearchParams({ before: last.at, beforeId: last.id }).toString()}`,
                    label: "Older attempts",
                  }
                : { end: "" }
            }
          />
        </section>
      </div>
    </>
  );
}
