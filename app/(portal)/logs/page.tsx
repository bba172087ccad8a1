import type { Metadata } from "next";
import Link from "next/link";
import { splitSentPath } from "@/lib/custom-attributes/definitions";
import { LogChanges } from "@/components/portal/log-changes";
import { AutoSubmitSelect } from "@/components/ui/auto-submit-select";
import { Breakable } from "@/components/ui/breakable";
import { buttonClass } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireAdmin } from "@/lib/auth/session";
import { listLog, LOG_RANGES, type LogQuery, type LogRange } from "@/lib/directory/log";
import { formatDateTime } from "@/lib/format";
import { pageParam, textParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Provisioning log" };

type Search = Record<"outcome" | "resource" | "range" | "resourceId" | "page", string | string[] | undefined>;

const SELECT =
  "rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

export default async function LogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdmin();
  const sp = await searchParams;
  const query: LogQuery = {
    outcome: sp.outcome === "success" || sp.outcome === "error" ? sp.outcome : "all",
    resource:
      sp.resource === "User" || sp.resource === "Group" || sp.resource === "other" ? sp.resource : "all",
    range:
      typeof sp.range === "string" && (sp.range === "all" || Object.hasOwn(LOG_RANGES, sp.range))
        ? (sp.range as LogRange)
        : "7d",
    resourceId: textParam(sp.resourceId, 100) || undefined,
    page: pageParam(sp.page),
  };
  const result = await listLog(admin.tenantId, query);
  const params = {
    outcome: query.outcome,
    resource: query.resource,
    range: query.range,
    resourceId: query.resourceId,
  };
  return (
    <>
      <PageHeader
        title="Provisioning log"
        description="Every request your provisioning client sent, what it changed, and how Rollcall answered."
      />
      <form className="mb-4 flex flex-wrap items-end gap-2" action="/logs" aria-label="Filter the log">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Outcome</span>
          <AutoSubmitSelect name="outcome" defaultValue={query.outcome} className={SELECT}>
            <option value="all">All</option>
            <option value="success">Succeeded</option>
            <option value="error">Failed</option>
          </AutoSubmitSelect>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Resource</span>
          <AutoSubmitSelect name="resource" defaultValue={query.resource} className={SELECT}>
            <option value="all">All</option>
            <option value="User">Users</option>
            <option value="Group">Groups</option>
            <option value="other">Other</option>
          </AutoSubmitSelect>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Time</span>
          <AutoSubmitSelect name="range" defaultValue={query.range} className={SELECT}>
            <option value="1h">Last hour</option>
            <option value="24h">Last 24 hours</option>
            <option value="7d">Last 7 days</option>
            <option value="30d">Last 30 days</option>
            <option value="all">All</option>
          </AutoSubmitSelect>
        </label>
        {query.resourceId ? <input type="hidden" name="resourceId" value={query.resourceId} /> : null}
        <button type="submit" className={buttonClass("primary")}>
          Apply
        </button>
        {query.resourceId ? (
          <Link href="/logs" className={buttonClass("ghost")}>
            Show all resources
          </Link>
        ) : null}
      </form>
      {result.rows.length === 0 ? (
        <EmptyState headingLevel={2} title="No requests">
          Nothing matches these filters. When provisioning runs, each request your identity provider sends
          appears here.
        </EmptyState>
      ) : (
        <>
          <Table testId="log-table" cards>
            <thead className="bg-slate-50">
              <tr>
                <Th>Time</Th>
                <Th>Request</Th>
                <Th>Outcome</Th>
                <Th>Changes</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.rows.map((r) => (
                <tr key={r.id}>
                  <Td label="Time" className="whitespace-nowrap text-slate-600">
                    {formatDateTime(r.at)}
                    <div className="text-xs">{r.durationMs} ms</div>
                  </Td>
                  <Td label="Request" className="break-words">
                    <span className="font-mono text-xs font-semibold">{r.method}</span>{" "}
                    <span className="font-mono text-xs">
                      <Breakable text={r.path} />
                    </span>
                    <div className="text-xs text-slate-600">{r.userAgent ?? "no user agent"}</div>
                    {r.resourceId && (r.resourceType === "User" || r.resourceType === "Group") ? (
                      r.resourceName ? (
                        <Link
                          className="text-xs text-indigo-700 hover:underline"
                          href={`/${r.resourceType === "User" ? "users" : "groups"}/${r.resourceId}`}
                        >
                          {r.resourceType === "User" ? "User" : "Group"}: <Breakable text={r.resourceName} />
                        </Link>
                      ) : (
                        <Link
                          className="text-xs text-indigo-700 hover:underline"
                          href={`/logs?resourceId=${r.resourceId}`}
                        >
                          Deleted {r.resourceType === "User" ? "user" : "group"} {r.resourceId.slice(0, 8)}…
                        </Link>
                      )
                    ) : null}
                  </Td>
                  <Td label="Outcome">
                    <Badge tone={r.status >= 500 ? "red" : r.status >= 400 ? "amber" : "green"}>
                      {r.status}
                    </Badge>
                    {r.detail ? (
                      <p className="mt-1 max-w-xs text-xs text-slate-600">
                        {r.scimType ? <span className="font-mono">{r.scimType}: </span> : null}
                        {r.detail}
                      </p>
                    ) : null}
                    {r.unknownAttribute && r.resourceType === "User" ? (
                      <Link
                        className="mt-1 inline-block text-xs font-semibold text-indigo-700 hover:underline"
                        href={`/attributes?define=${encodeURIComponent(r.unknownAttribute)}#define`}
                      >
                        Define {splitSentPath(r.unknownAttribute).name}
                      </Link>
                    ) : null}
                  </Td>
                  <Td label="Changes" className="md:max-w-xs lg:max-w-md">
                    <LogChanges changes={r.changes} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={result.page} hasMore={result.hasMore} params={params} basePath="/logs" />
        </>
      )}
    </>
  );
}
