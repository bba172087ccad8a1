import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireAdmin } from "@/lib/auth/session";
import { listUsers, USER_SORTS, type UserQuery, type UserSort } from "@/lib/directory/users";
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
    q: textParam(sp.q),
    status: sp.status === "active" || sp.status === "disabled" ? sp.status : "all",
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
  const sortLink = (sort: UserSort, label: string) => {
    const active = query.sort === sort;
    const dir = active && query.dir === "asc" ? "desc" : "asc";
    const q = new URLSearchParams(
      Object.entries({ ...params, sort, dir }).filter(([, v]) => v) as [string, string][],
    );
    return (
      <Link
        href={`/users?${q.toString()}`}
        className="inline-flex items-center gap-1 hover:text-slate-900"
        aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
      >
        {label}
        <span aria-hidden>{active ? (query.dir === "asc" ? "▲" : "▼") : ""}</span>
      </Link>
    );
  };
  const filtered = Boolean(query.q) || query.status !== "all";
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone your identity provider has provisioned. Search by name, email, userName, externalId or department."
        actions={
          <a href="/api/export/users.csv" className={buttonClass("secondary")} download>
            Export CSV
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
        <select id="status" name="status" defaultValue={query.status} className={INPUT}>
          <option value="all">All users</option>
          <option value="active">Active</option>
          <option value="disabled">Disabled</option>
        </select>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
      </form>
      <p className="mb-2 text-sm text-slate-500" data-testid="user-count">
        {result.total.toLocaleString("en-US")} {result.total === 1 ? "user" : "users"}
        {filtered ? " match" : ""}
      </p>
      {result.rows.length === 0 ? (
        <EmptyState title={filtered ? "No users match" : "No users yet"}>
          {filtered
            ? "Try another search, or clear the filters."
            : "Users appear here when your identity provider provisions them. Enable provisioning on an identity provider and start the provisioning job in Entra."}
        </EmptyState>
      ) : (
        <>
          <Table testId="users-table">
            <thead className="bg-slate-50">
              <tr>
                <Th>{sortLink("userName", "User")}</Th>
                <Th className="hidden md:table-cell">{sortLink("displayName", "Name")}</Th>
                <Th className="hidden lg:table-cell">{sortLink("department", "Department")}</Th>
                <Th>Status</Th>
                <Th className="hidden md:table-cell">{sortLink("updated", "Updated")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.rows.map((u) => (
                <tr key={u.id} className="hover:bg-slate-50">
                  <Td className="break-all">
                    <Link href={`/users/${u.id}`} className="font-medium text-indigo-700 hover:underline">
                      {u.userName}
                    </Link>
                    {u.externalId ? <div className="text-xs text-slate-400">{u.externalId}</div> : null}
                  </Td>
                  <Td className="hidden md:table-cell">
                    {u.displayName ?? [u.givenName, u.familyName].filter(Boolean).join(" ")}
                  </Td>
                  <Td className="hidden lg:table-cell text-slate-600">{u.department}</Td>
                  <Td>
                    {u.active ? <Badge tone="green">Active</Badge> : <Badge tone="amber">Disabled</Badge>}
                  </Td>
                  <Td className="hidden whitespace-nowrap text-slate-500 md:table-cell">
                    {formatDateTime(u.updatedAt)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={result.page} pages={result.pages} params={params} basePath="/users" />
        </>
      )}
    </>
  );
}
