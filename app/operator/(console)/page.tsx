import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { listTenantOverview, type TenantOverview } from "@/lib/directory/tenant-overview";
import { formatDateTime } from "@/lib/format";
import { requireOperator } from "@/lib/operators/current";
import { pageParam, textParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Tenants · Operator" };
export const dynamic = "force-dynamic";

const INPUT =
  "rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600";

const count = (n: number) => n.toLocaleString("en-US");

function Health({ t }: { t: TenantOverview }) {
  const badges = [];
  if (t.guardTrippedAt || t.held > 0) {
    badges.push(
      <Badge key="guard" tone="red">
        Guard tripped{t.held > 0 ? ` · ${count(t.held)} held` : ""}
      </Badge>,
    );
  }
  if (t.errorsLastHour > 0) {
    badges.push(
      <Badge key="errors" tone="amber">
        {count(t.errorsLastHour)} {t.errorsLastHour === 1 ? "error" : "errors"} in the last hour
      </Badge>,
    );
  }
  if (badges.length === 0) {
    badges.push(
      t.lastScimAt ? (
        <Badge key="ok" tone="green">
          Healthy
        </Badge>
      ) : (
        <Badge key="none">No SCIM yet</Badge>
      ),
    );
  }
  return <div className="flex flex-wrap gap-1">{badges}</div>;
}

export default async function OperatorTenantsPage({
  searchParams,
}: {
  searchParams: Promise<Record<"q" | "page", string | string[] | undefined>>;
}) {
  await requireOperator();
  const sp = await searchParams;
  const q = textParam(sp.q)?.trim() || undefined;
  const result = await listTenantOverview({ q, page: pageParam(sp.page) });
  return (
    <>
      <PageHeader
        title="Tenants"
        description="Every company on this Rollcall: its directory's size and its provisioning health."
      />
      <form role="search" action="/operator" className="mb-4 flex flex-col gap-2 sm:flex-row">
        <label htmlFor="q" className="sr-only">
          Search tenants
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Search by name or tenant id…"
          className={`${INPUT} min-w-0 flex-1`}
        />
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
      </form>
      <p className="mb-2 text-sm text-slate-600" data-testid="tenant-count">
        {count(result.total)} {result.total === 1 ? "tenant" : "tenants"}
        {q ? " match" : ""}
      </p>
      {result.tenants.length === 0 ? (
        <EmptyState headingLevel={2} title={q ? "No tenants match" : "No tenants yet"}>
          {q
            ? "Search by part of a company's name, or by its full tenant id."
            : "Tenants appear here when a company signs up, or when your application creates one through the management API (POST /api/v1/tenants)."}
        </EmptyState>
      ) : (
        <>
          <Table testId="tenants-table">
            <thead className="bg-slate-50">
              <tr>
                <Th>Tenant</Th>
                <Th className="text-right">Users</Th>
                <Th className="hidden text-right md:table-cell">Groups</Th>
                <Th className="hidden text-right md:table-cell">IdPs</Th>
                <Th className="hidden lg:table-cell">Last SCIM request</Th>
                <Th className="hidden sm:table-cell">Health</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.tenants.map((t) => (
                <tr key={t.id} data-testid="tenant-row" data-tenant-id={t.id}>
                  <Td className="min-w-40">
                    <p className="font-medium text-slate-900 [overflow-wrap:anywhere]">{t.name}</p>
                    <p className="font-mono text-xs text-slate-600 [overflow-wrap:anywhere]">{t.id}</p>
                    <p className="mt-1 text-xs text-slate-600 md:hidden">
                      {count(t.groups)} groups · {count(t.identityProviders)} IdPs
                    </p>
                    <p className="mt-1 text-xs text-slate-600 lg:hidden">
                      Last SCIM request: {t.lastScimAt ? formatDateTime(t.lastScimAt) : "never"}
                    </p>
                    <div className="mt-2 sm:hidden">
                      <Health t={t} />
                    </div>
                    <Link
                      href={`/operator/events?tenant=${encodeURIComponent(t.id)}`}
                      className="mt-1 inline-block text-xs font-semibold text-indigo-700 hover:underline"
                      aria-label={`Events of ${t.name}`}
                    >
                      Events
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">
                    <span data-testid="tenant-users">{count(t.users)}</span>
                    <span className="block text-xs text-slate-600">{count(t.activeUsers)} active</span>
                  </Td>
                  <Td className="hidden text-right tabular-nums md:table-cell">{count(t.groups)}</Td>
                  <Td className="hidden text-right tabular-nums md:table-cell">
                    {count(t.identityProviders)}
                  </Td>
                  <Td className="hidden whitespace-nowrap text-slate-600 lg:table-cell">
                    {t.lastScimAt ? formatDateTime(t.lastScimAt) : "Never"}
                  </Td>
                  <Td className="hidden sm:table-cell">
                    <Health t={t} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={result.page} pages={result.pages} params={{ q }} basePath="/operator" />
        </>
      )}
    </>
  );
}
