import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { SELECT_CLASS } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { auditActors, listAudit } from "@/lib/audit/service";
import { AUDIT_ACTIONS, auditFilterOf, auditSentence } from "@/lib/audit/sentences";
import { requireAdmin } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { pageParam, textParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<"actor" | "action" | "from" | "to" | "page", string | string[] | undefined>;

const INPUT = `${SELECT_CLASS} h-9 sm:w-auto`;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdmin();
  const sp = await searchParams;
  const filter = auditFilterOf(sp);
  const page = pageParam(sp.page);
  const [{ rows, hasMore }, actors] = await Promise.all([
    listAudit(admin.tenantId, filter, { page }),
    auditActors(admin.tenantId),
  ]);
  // The query string as typed (the days as entered), for paging and the exports.
  const params = {
    actor: filter.actor,
    action: filter.action,
    from: textParam(sp.from, 10) || undefined,
    to: textParam(sp.to, 10) || undefined,
  };
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v) as [string, string][]);
  const filtered = Object.values(params).some(Boolean);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Everything administrators and operators did, every administrator sign-in (with its address) and every failed one. Entries cannot be changed or deleted; they are kept for the retention period Rollcall is configured with."
        actions={
          <>
            <a href={`/api/export/audit?${query}&format=csv`} className={buttonClass("secondary")} download>
              Export CSV
            </a>
            <a href={`/api/export/audit?${query}&format=jsonl`} className={buttonClass("secondary")} download>
              Export JSON lines
            </a>
          </>
        }
      />
      <form className="mb-4 flex flex-wrap items-end gap-3" action="/audit" aria-label="Filter the audit log">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Who</span>
          <input
            name="actor"
            list="audit-actors"
            defaultValue={filter.actor ?? ""}
            placeholder="Anyone"
            className={`${INPUT} sm:w-56`}
          />
          <datalist id="audit-actors">
            {actors.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">What</span>
          <select name="action" defaultValue={filter.action ?? ""} className={INPUT}>
            <option value="">Everything</option>
            {Object.entries(AUDIT_ACTIONS)
              .sort(([, a], [, b]) => a.label.localeCompare(b.label))
              .map(([code, { label }]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">From</span>
          <input type="date" name="from" defaultValue={params.from ?? ""} className={INPUT} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">To</span>
          <input type="date" name="to" defaultValue={params.to ?? ""} className={INPUT} />
        </label>
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
        {filtered ? (
          <Link href="/audit" className="py-2 text-sm font-medium text-indigo-600 hover:underline">
            Clear
          </Link>
        ) : null}
      </form>
      {rows.length === 0 ? (
        <EmptyState headingLevel={2} title={filtered ? "No entries match" : "Nothing yet"}>
          {filtered ? "Try another person, kind or time range." : "Administrator actions appear here."}
        </EmptyState>
      ) : (
        <>
          <Table testId="audit-table" cards>
            <thead className="bg-slate-50">
              <tr>
                <Th>When</Th>
                <Th>What happened</Th>
                <Th>From</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <Td label="When" className="text-slate-600 sm:whitespace-nowrap">
                    {formatDateTime(e.at)}
                  </Td>
                  <Td label="What happened" className="[overflow-wrap:anywhere]">
                    {auditSentence(e)}
                  </Td>
                  <Td label="From" className="whitespace-nowrap text-slate-600">
                    {e.address ?? ""}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={page} hasMore={hasMore} params={params} basePath="/audit" />
        </>
      )}
    </>
  );
}
