import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, TBody, Td, Th, ThActions } from "@/components/ui/table";
import { RoleGate } from "@/components/portal/role-gate";
import { requireAdmin } from "@/lib/auth/session";
import { listGroups } from "@/lib/directory/groups";
import { roleSettings } from "@/lib/roles/mappings";
import type { Mapping } from "@/lib/roles/resolve";
import { DefaultRoleForm } from "./default-role-form";
import { MappingControls } from "./mapping-controls";
import { MappingForm } from "./mapping-form";

export const metadata: Metadata = { title: "Roles" };

function GroupCell({ m }: { m: Mapping }) {
  if (m.target.kind === "name") {
    return (
      <>
        <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{m.target.name}</span>{" "}
        <Badge>claim name</Badge>
        <span className="mt-1 block text-xs text-slate-600">
          {m.group ? (
            <>
              Also the provisioned group{" "}
              <Link
                href={`/groups/${m.group.id}`}
                className="text-indigo-700 underline hover:text-indigo-900"
              >
                {m.group.displayName}
              </Link>
            </>
          ) : (
            "No provisioned group has this name"
          )}
        </span>
      </>
    );
  }
  return m.group ? (
    <Link
      href={`/groups/${m.group.id}`}
      className="font-medium text-indigo-700 [overflow-wrap:anywhere] hover:underline"
    >
      {m.group.displayName}
    </Link>
  ) : (
    <span className="text-slate-600">A deleted group</span>
  );
}

const groupLabel = (m: Mapping) =>
  m.target.kind === "name" ? m.target.name : (m.group?.displayName ?? "deleted group");

export default async function RolesPage() {
  const admin = await requireAdmin();
  const [settings, groups] = await Promise.all([
    roleSettings(admin.tenantId),
    listGroups(admin.tenantId, {}),
  ]);
  const { roles, mappings, defaultRole } = settings;
  const choices = roles.map((r) => ({ key: r.key, name: r.name }));
  const header = (
    <PageHeader
      title="Roles"
      description="What people may do in the application is decided by their groups: map your identity provider's groups to the application's roles. Your application sees each user's roles, and they are in the ID token when people sign in."
    />
  );
  if (roles.length === 0) {
    return (
      <>
        {header}
        <EmptyState headingLevel={2} title="No roles are defined yet">
          The application&apos;s roles (such as admin, member or viewer) are defined by your Rollcall operator
          — the company whose application you connect. Once they have, you map your groups to them here.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <div className="space-y-6">
        <Card
          title="Mappings"
          description="In precedence order: a user has the role of every mapping whose group they are in, and the first one is their primary role."
        >
          {mappings.length === 0 ? (
            <EmptyState title="No mappings yet">
              Nobody has a role from a group yet{defaultRole ? "; everyone has the default role" : ""}. Add a
              mapping below.
            </EmptyState>
          ) : (
            <Table testId="role-mappings">
              <thead className="bg-slate-50">
                <tr>
                  <Th className="w-12">#</Th>
                  <Th>Group</Th>
                  <Th className="hidden sm:table-cell">Role</Th>
                  <ThActions />
                </tr>
              </thead>
              <TBody>
                {mappings.map((m, i) => {
                  const role = roles.find((r) => r.key === m.role.key);
                  return (
                    <tr key={m.id} data-testid="role-mapping" data-mapping-id={m.id}>
                      <Td className="font-mono text-slate-600">{m.precedence}</Td>
                      <Td className="min-w-32">
                        <GroupCell m={m} />
                        <span className="mt-1 block sm:hidden">
                          <Badge tone="indigo">{role?.name ?? m.role.name}</Badge>
                        </span>
                      </Td>
                      <Td className="hidden sm:table-cell">
                        <span className="font-medium text-slate-900">{role?.name ?? m.role.name}</span>
                        <code className="block text-xs text-slate-600">{m.role.key}</code>
                      </Td>
                      <Td>
                        <RoleGate need="admin">
                          <MappingControls
                            id={m.id}
                            label={`${groupLabel(m)} → ${m.role.name}`}
                            precedence={m.precedence}
                            last={i === mappings.length - 1}
                          />
                        </RoleGate>
                      </Td>
                    </tr>
                  );
                })}
              </TBody>
            </Table>
          )}
        </Card>
        <Card
          title="Map a group to a role"
          description="Choose one of your provisioned groups, or type a group name as your identity provider sends it in the groups claim at sign-in."
        >
          <RoleGate need="admin">
            <MappingForm
              roles={choices}
              groups={groups.rows
                .slice(0, 20)
                .map((g) => ({ id: g.id, displayName: g.displayName, members: g.members }))}
              hasGroups={groups.total > 0}
              count={mappings.length}
            />
          </RoleGate>
        </Card>
        <Card title="Default role" description="For users no mapping matches.">
          <RoleGate need="admin" mode="disable">
            <DefaultRoleForm roles={choices} current={defaultRole?.key ?? null} />
          </RoleGate>
        </Card>
        <Card title="The roles" description="Defined by your Rollcall operator.">
          <dl className="divide-y divide-slate-100 text-sm">
            {roles.map((r) => (
              <div key={r.key} className="grid gap-1 py-2 sm:grid-cols-[14rem_1fr] sm:gap-4">
                <dt>
                  <span className="font-medium text-slate-900">{r.name}</span>{" "}
                  <code className="text-xs text-slate-600">{r.key}</code>
                </dt>
                <dd className="text-slate-600 [overflow-wrap:anywhere]">{r.description || "—"}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
