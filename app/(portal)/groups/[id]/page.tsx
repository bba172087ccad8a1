import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { requireAdmin } from "@/lib/auth/session";
import { getGroup } from "@/lib/directory/groups";
import { formatDateTime } from "@/lib/format";
import { pageParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Group" };

export default async function GroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const admin = await requireAdmin();
  const { id } = await params;
  const sp = await searchParams;
  const group = await getGroup(admin.tenantId, id, pageParam(sp.page));
  if (!group) notFound();
  return (
    <>
      <PageHeader
        title={group.displayName}
        description={`${group.total.toLocaleString("en-US")} members · externalId ${group.externalId ?? "—"} · updated ${formatDateTime(group.updatedAt)}`}
        actions={
          <Link
            href={`/logs?resourceId=${group.id}`}
            className="text-sm font-medium text-indigo-700 hover:underline"
          >
            Provisioning history
          </Link>
        }
      />
      {group.members.length === 0 ? (
        <EmptyState headingLevel={2} title="No members">
          This group has no members yet.
        </EmptyState>
      ) : (
        <>
          <Table testId="members-table" cards>
            <thead className="bg-slate-50">
              <tr>
                <Th>Member</Th>
                <Th className="hidden sm:table-cell">Name</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {group.members.map((m) => (
                <tr key={m.id}>
                  <Td className="break-words [overflow-wrap:anywhere]">
                    <Link href={`/users/${m.id}`} className="font-medium text-indigo-700 hover:underline">
                      {m.userName}
                    </Link>
                  </Td>
                  <Td label="Name" className="hidden break-words sm:table-cell">
                    {m.displayName}
                  </Td>
                  <Td label="Status">
                    {m.active ? <Badge tone="green">Active</Badge> : <Badge tone="amber">Disabled</Badge>}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={group.page} pages={group.pages} params={{}} basePath={`/groups/${group.id}`} />
        </>
      )}
    </>
  );
}
