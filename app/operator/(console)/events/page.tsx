import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { SELECT_CLASS } from "@/components/ui/field";
import { CursorPagination } from "@/components/ui/pagination";
import { tenantNames } from "@/lib/directory/tenant-overview";
import { parseEventCursor } from "@/lib/events/feed";
import { readRecentEvents } from "@/lib/events/recent";
import { EVENT_TYPES, isEventType } from "@/lib/events/types";
import { formatDateTime } from "@/lib/format";
import { requireOperator } from "@/lib/operators/current";
import { textParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Events · Operator" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

const INPUT =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600";

function tone(type: string): "green" | "amber" | "red" | "indigo" | "gray" {
  if (/\.(deleted|removed|deactivated|disabled|token_revoked|tripped|rejected)$/.test(type)) return "red";
  if (/\.(created|added|enabled|reactivated|defined|token_created|approved)$/.test(type)) return "green";
  if (/certificate_expiring/.test(type)) return "amber";
  return "indigo";
}

export default async function OperatorEventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<"type" | "tenant" | "before", string | string[] | undefined>>;
}) {
  await requireOperator();
  const sp = await searchParams;
  const typeParam = textParam(sp.type, 100) ?? "";
  const type = isEventType(typeParam) ? typeParam : undefined;
  const tenantParam = textParam(sp.tenant, 100)?.trim() ?? "";
  // Tenant ids are printable ASCII; anything else matches no tenant (and never reaches SQL).
  const tenant = /^[\x21-\x7e]{1,100}$/.test(tenantParam) ? tenantParam : undefined;
  const before = parseEventCursor(textParam(sp.before, 40) ?? "") ?? undefined;
  const page = await readRecentEvents({
    before,
    limit: PAGE_SIZE,
    tenantId: tenant,
    types: type ? [type] : undefined,
  });
  const names = await tenantNames(page.events.flatMap((e) => (e.tenantId === null ? [] : [e.tenantId])));
  const filters = { type, tenant };
  const href = (extra: Record<string, string | undefined>) => {
    const q = new URLSearchParams(
      Object.entries({ ...filters, ...extra }).filter(([, v]) => v) as [string, string][],
    );
    const text = q.toString();
    return text ? `/operator/events?${text}` : "/operator/events";
  };
  const filtered = Boolean(type || tenantParam);
  return (
    <>
      <PageHeader
        title="Events"
        description="The latest directory and connection events across tenants, newest first — the record the events API (/api/v1/events) serves in commit order."
      />
      <form action="/operator/events" className="mb-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <div className="space-y-1.5">
          <label htmlFor="type" className="block text-sm font-medium text-slate-800">
            Type
          </label>
          <select id="type" name="type" defaultValue={type ?? ""} className={`${SELECT_CLASS} h-9`}>
            <option value="">All types</option>
            {Object.keys(EVENT_TYPES).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="tenant" className="block text-sm font-medium text-slate-800">
            Tenant id
          </label>
          <input
            id="tenant"
            name="tenant"
            defaultValue={tenantParam}
            placeholder="All tenants"
            autoComplete="off"
            className={`${INPUT} h-9 font-mono`}
          />
        </div>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          {filtered ? (
            <Link href="/operator/events" className={buttonClass("secondary")}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>
      {page.events.length === 0 ? (
        <EmptyState
          headingLevel={2}
          title={before !== undefined || filtered ? "No events here" : "No events yet"}
        >
          {page.older !== null
            ? "None of the events this page looked at match. Older ones may: look further back."
            : filtered
              ? "No event matches these filters."
              : "Events appear as tenants are created and identity providers provision users and groups."}
        </EmptyState>
      ) : (
        <ol
          className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
          data-testid="events-list"
        >
          {page.events.map((e) => (
            <li key={e.id} data-testid="event" data-event-type={e.type}>
              <details className="group">
                <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600">
                  <span aria-hidden className="text-slate-600 transition group-open:rotate-90">
                    ▸
                  </span>
                  <Badge tone={tone(e.type)}>{e.type}</Badge>
                  <span className="min-w-0 text-sm text-slate-900 [overflow-wrap:anywhere]">
                    {e.tenantId === null
                      ? "All tenants (operator event)"
                      : (names.get(e.tenantId) ?? <span className="font-mono text-xs">{e.tenantId}</span>)}
                  </span>
                  <span className="ml-auto whitespace-nowrap text-xs text-slate-600">
                    {formatDateTime(new Date(e.createdAt))}
                  </span>
                  <span className="sr-only">, event {e.id}: show its JSON</span>
                </summary>
                <div className="space-y-2 px-4 pb-4">
                  <p className="text-xs text-slate-600">
                    <span className="font-mono">{e.id}</span>
                    {e.tenantId === null ? null : (
                      <>
                        {" "}
                        · tenant{" "}
                        <Link
                          href={href({ tenant: e.tenantId, before: undefined })}
                          className="font-mono text-indigo-700 hover:underline"
                        >
                          {e.tenantId}
                        </Link>
                      </>
                    )}
                  </p>
                  <pre
                    data-testid="event-json"
                    role="region"
                    aria-label={`JSON of event ${e.id}`}
                    tabIndex={0}
                    className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
                  >
                    {JSON.stringify(e, null, 2)}
                  </pre>
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
      <CursorPagination
        first={before !== undefined ? { href: href({}), label: "Newest" } : null}
        next={
          page.older !== null
            ? { href: href({ before: String(page.older) }), label: "Older events" }
            : { end: "No older events are kept" }
        }
      />
    </>
  );
}
