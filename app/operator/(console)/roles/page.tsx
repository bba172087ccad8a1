import type { Metadata } from "next";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th, ThActions } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { requireOperator } from "@/lib/operators/current";
import { listRoles } from "@/lib/roles/definitions";
import { AddRoleForm } from "./add-role-form";
import { RemoveRoleButton } from "./remove-role-button";

export const metadata: Metadata = { title: "Roles · Operator" };
export const dynamic = "force-dynamic";

export default async function OperatorRolesPage() {
  await requireOperator();
  const roles = await listRoles();
  return (
    <>
      <PageHeader
        title="Roles"
        description="The application's roles. Each tenant's administrators map their groups to them in the portal; applications read a user's roles in the events, the directory API and the ID token's roles claim."
      />
      <div className="space-y-6">
        {roles.length === 0 ? (
          <EmptyState headingLevel={2} title="No roles yet">
            Define the roles your application knows (admin, member, viewer…). Until then, tenants&apos;
            administrators have nothing to map their groups to.
          </EmptyState>
        ) : (
          <Table testId="roles-table">
            <thead className="bg-slate-50">
              <tr>
                <Th>Role</Th>
                <Th className="hidden md:table-cell">Description</Th>
                <Th className="hidden sm:table-cell">Tenants</Th>
                <Th className="hidden lg:table-cell">Defined</Th>
                <ThActions />
              </tr>
            </thead>
            <TBody>
              {roles.map((r) => (
                <tr key={r.key} data-testid="role-row" data-role-key={r.key}>
                  <Td className="min-w-36">
                    <p className="font-medium text-slate-900 [overflow-wrap:anywhere]">{r.name}</p>
                    <code className="font-mono text-xs text-slate-600 [overflow-wrap:anywhere]">{r.key}</code>
                    {r.description ? (
                      <p className="mt-1 text-xs text-slate-600 [overflow-wrap:anywhere] md:hidden">
                        {r.description}
                      </p>
                    ) : null}
                    <p className="mt-1 text-xs text-slate-600 sm:hidden">
                      Used by {r.tenants} tenant{r.tenants === 1 ? "" : "s"}
                    </p>
                  </Td>
                  <Td className="hidden text-slate-600 [overflow-wrap:anywhere] md:table-cell">
                    {r.description || <span className="text-slate-600">—</span>}
                  </Td>
                  <Td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">{r.tenants}</Td>
                  <Td className="hidden whitespace-nowrap text-slate-600 lg:table-cell">
                    {formatDateTime(r.createdAt)}
                  </Td>
                  <Td className="text-right">
                    <RemoveRoleButton roleKey={r.key} name={r.name} tenants={r.tenants} />
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
        <Card
          title="Define a role"
          description="Listed last. Its key is what applications read, so choose it as your application names the role."
        >
          <AddRoleForm />
        </Card>
      </div>
    </>
  );
}
