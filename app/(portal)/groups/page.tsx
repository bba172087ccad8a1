import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination, PastLastPage } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireAdmin } from "@/lib/auth/session";
import { listGroups } from "@/lib/directory/groups";
import { formatDateTime } from "@/lib/format";
import { pageParam, textParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage({
  searchParams,
}: {
  searchParams: Promise<Record<"q" | "page", string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const sp = await searchParams;
  const q = textParam(sp.q);
  const result = await listGroups(admin.tenantId, { q, page: pageParam(sp.page) });
  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups and memberships your identity provider has provisioned."
        actions={
          <a
            href={
              q ? `/api/export/groups.csv?${new URLSearchParams({ q }).toString()}` : "/api/export/groups.csv"
            }
            className={buttonClass("secondary")}
            download
          >
            {q ? "Export these groups (CSV)" : "Export CSV"}
          </a>
        }
      />
      <form role="search" className="mb-4 flex gap-2" action="/groups">
        <label htmlFor="q" className="sr-only">
          Search groups
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search groups…"
          className="flex-1 rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
        />
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
      </form>
      {result.rows.length === 0 && result.total > 0 ? (
        <PastLastPage page={result.page} pages={result.pages} params={{ q }} basePath="/groups" />
      ) : result.rows.length === 0 ? (
        <EmptyState headingLevel={2} title={q ? "No groups match" : "No groups yet"}>
          {q ? "Try another search." : "Groups appear here when your identity provider provisions them."}
        </EmptyState>
      ) : (
        <>
          <Table testId="groups-table" cards>
            <thead className="bg-slate-50">
              <tr>
                <Th>Group</Th>
                <Th className="text-right">Members</Th>
                <Th className="hidden md:table-cell">Updated</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.rows.map((g) => (
                <tr key={g.id} className="hover:bg-slate-50">
                  <Td className="break-words [overflow-wrap:anywhere]">
                    <Link href={`/groups/${g.id}`} className="font-medium text-indigo-700 hover:underline">
                      {g.displayName}
                    </Link>
                  </Td>
                  <Td label="Members" className="tabular-nums md:text-right">
                    {g.members.toLocaleString("en-US")}
                  </Td>
                  <Td label="Updated" className="hidden whitespace-nowrap text-slate-600 md:table-cell">
                    {formatDateTime(g.updatedAt)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={result.page} pages={result.pages} params={{ q }} basePath="/groups" />
        </>
      )}
    </>
  );
}
