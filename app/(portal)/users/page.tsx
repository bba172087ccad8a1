import type { Metadata } from "next";
import Link from "next/link";
import { Breakable } from "@/components/ui/breakable";
import { buttonClass } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { AutoSubmitSelect } from "@/components/ui/auto-submit-select";
import { Pagination, PastLastPage } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireAdmin } from "@/lib/auth/session";
import { listUsers, USER_SORTS, userFilter, type UserQuery, type UserSort } from "@/lib/directory/users";
import { formatDateTime } from "@/lib/format";
import { pageParam, textParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Users" };

type Search = Record<"q" | "status" | "sort" | "dir" | "page", string | string[] | undefined>;

const INPUT =
  "rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600";

export default async function UsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const admin = await requireAdmin();
  const sp = await searchParams;
  const query: UserQuery = {
    ...userFilter(textParam(sp.q), sp.status),
    sort:
      typeof sp.sort === "string" && Object.hasOwn(USER_SORTS, sp.sort) ? (sp.sort as UserSort) : "userName",
    dir: sp.dir === "desc" ? "desc" : "asc",
    page: pageParam(sp.page),
  };
  const result = await listUsers(admin.tenantId, query);
  const params = {
    q: query.q,
    status: query.status === "all" ? undefined : query.status,
    sort: query.sort,
    dir: query.dir,
  };
  const sorted = (sort: UserSort) =>
    query.sort === sort ? (query.dir === "asc" ? "ascending" : "descending") : undefined;
  const sortLink = (sort: UserSort, label: string) => {
    const active = query.sort === sort;
    const dir = active && query.dir === "asc" ? "desc" : "asc";
    const q = new URLSearchParams(
      Object.entries({ ...params, sort, dir }).filter(([, v]) => v) as [string, string][],
    );
    return (
      <Link href={`/users?${q.toString()}`} className="inline-flex items-center gap-1 hover:text-slate-900">
        {label}
        <span aria-hidden>{active ? (query.dir === "asc" ? "▲" : "▼") : ""}</span>
      </Link>
    );
  };
  const exportQuery = new URLSearchParams(
    Object.entries({ q: params.q, status: params.status }).filter(([, v]) => v) as [string, string][],
  ).toString();
  const filtered = Boolean(query.q) || query.status !== "all";
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone your identity provider has provisioned. Search by name, email, userName, externalId or department."
        actions={
          <a
            href={`/api/export/users.csv${exportQuery ? `?${exportQuery}` : ""}`}
            className={buttonClass("secondary")}
            download
          >
            {filtered ? "Export these users (CSV)" : "Export CSV"}
          </a>
        }
      />
      <form role="search" className="mb-4 flex flex-col gap-2 sm:flex-row" action="/users">
        <label htmlFor="q" className="sr-only">
          Search users
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={query.q}
          placeholder="Search users…"
          className={`${INPUT} flex-1`}
        />
        <label htmlFor="status" className="sr-only">
          Status
        </label>
        <AutoSubmitSelect id="status" name="status" defaultValue={query.status} className={INPUT}>
          <option value="all">All users</option>
          <option value="active">Active</option>
          <option value="disabled">Disabled</option>
        </AutoSubmitSelect>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
      </form>
      <p className="mb-2 text-sm text-slate-600" data-testid="user-count">
        {result.total.toLocaleString("en-US")} {result.total === 1 ? "user" : "users"}
        {filtered ? " match" : ""}
      </p>
      {result.rows.length === 0 && result.total > 0 ? (
        <PastLastPage page={result.page} pages={result.pages} params={params} basePath="/users" />
      ) : result.rows.length === 0 ? (
        <EmptyState headingLevel={2} title={filtered ? "No users match" : "No users yet"}>
          {filtered
            ? "Try another search, or clear the filters."
            : "Users appear here when your identity provider provisions them. Enable provisioning on an identity provider and start the provisioning job in Entra."}
        </EmptyState>
      ) : (
        <>
          <Table testId="users-table" cards>
            <thead className="bg-slate-50">
              <tr>
                <Th sort={sorted("userName")}>{sortLink("userName", "User")}</Th>
                <Th sort={sorted("displayName")} className="hidden md:table-cell">
                  {sortLink("displayName", "Name")}
                </Th>
                <Th sort={sorted("department")} className="hidden lg:table-cell">
                  {sortLink("department", "Department")}
                </Th>
                <Th>Status</Th>
                <Th sort={sorted("updated")} className="hidden md:table-cell">
                  {sortLink("updated", "Updated")}
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.rows.map((u) => {
                const name = u.displayName ?? [u.givenName, u.familyName].filter(Boolean).join(" ");
                return (
                  <tr key={u.id} className="hover:bg-slate-50">
                    <Td className="break-words [overflow-wrap:anywhere]">
                      <Link href={`/users/${u.id}`} className="font-medium text-indigo-700 hover:underline">
                        <Breakable text={u.userName} />
                      </Link>
                      {u.externalId ? <div className="text-xs text-slate-600">{u.externalId}</div> : null}
                    </Td>
                    <Td label="Name" className="hidden break-words md:table-cell">
                      {name || "—"}
                    </Td>
                    <Td label="Department" className="hidden text-slate-700 lg:table-cell">
                      {u.department || "—"}
                    </Td>
                    <Td label="Status">
                      {u.active ? <Badge tone="green">Active</Badge> : <Badge tone="amber">Disabled</Badge>}
                    </Td>
                    <Td label="Updated" className="hidden whitespace-nowrap text-slate-600 md:table-cell">
                      {formatDateTime(u.updatedAt)}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <Pagination page={result.page} pages={result.pages} params={params} basePath="/users" />
        </>
      )}
    </>
  );
}
