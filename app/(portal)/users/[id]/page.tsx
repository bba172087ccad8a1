import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { LogChanges } from "@/components/portal/log-changes";
import { Breakable } from "@/components/ui/breakable";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { listCustomAttributes } from "@/lib/custom-attributes/service";
import { listLog } from "@/lib/directory/log";
import { getUser } from "@/lib/directory/users";
import { formatDateTime, maskCardNumber } from "@/lib/format";
import { effectiveRoles, type EffectiveRoles } from "@/lib/roles/effective";
import { ENTERPRISE_SCHEMA, UNIFLOW_SCHEMA } from "@/lib/scim/schema/user";

export const metadata: Metadata = { title: "User" };

type Json = unknown;

/** Values of one attribute shown on the page; the rest are counted (the CSV export has them all). */
const SHOWN_VALUES = 50;

function render(value: Json): ReactNode {
  if (Array.isArray(value)) {
    return (
      <ul className="space-y-1">
        {value.slice(0, SHOWN_VALUES).map((v, i) => (
          <li key={i}>{render(v)}</li>
        ))}
        {value.length > SHOWN_VALUES ? (
          <li className="text-xs text-slate-600">… and {value.length - SHOWN_VALUES} more</li>
        ) : null}
      </ul>
    );
  }
  if (value && typeof value === "object") {
    const o = value as Record<string, Json>;
    if (
      "value" in o &&
      Object.keys(o).every((k) => ["value", "type", "primary", "display", "$ref"].includes(k))
    ) {
      return (
        <span>
          {String(o.value)}
          {o.type ? <span className="ml-2 text-xs text-slate-600">{String(o.type)}</span> : null}
          {o.primary === true ? (
            <span className="ml-2">
              <Badge tone="indigo">primary</Badge>
            </span>
          ) : null}
        </span>
      );
    }
    return (
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {Object.entries(o).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-xs text-slate-600">{k}</dt>
            <dd className="min-w-0 break-words">{render(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return typeof value === "boolean" ? (value ? "true" : "false") : String(value);
}

function Attributes({ entries }: { entries: [string, Json][] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">None provisioned.</p>;
  return (
    <dl className="divide-y divide-slate-100">
      {entries.map(([name, value]) => (
        <div key={name} className="grid gap-1 py-2 text-sm sm:grid-cols-[12rem_1fr] sm:gap-4">
          <dt className="text-slate-600">{name}</dt>
          <dd className="min-w-0 break-words text-slate-900">{render(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The user's roles in precedence order, each with what gave it. */
function Roles({ roles }: { roles: EffectiveRoles }) {
  if (roles.roles.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No role: no{" "}
        <Link href="/settings/roles" className="text-indigo-700 underline hover:text-indigo-900">
          mapping
        </Link>{" "}
        matches this user&apos;s groups, and there is no default role.
      </p>
    );
  }
  return (
    <ol className="space-y-3 text-sm" data-testid="user-roles">
      {roles.roles.map((key, i) => {
        const grants = roles.grants.filter((g) => g.role.key === key);
        return (
          <li key={key} data-testid="user-role" data-role-key={key}>
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{grants[0]?.role.name ?? key}</span>
              <code className="text-xs text-slate-600">{key}</code>
              {i === 0 ? <Badge tone="indigo">primary</Badge> : null}
            </p>
            <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
              {grants.map((g, j) => (
                <li key={j}>
                  {g.kind === "group" ? (
                    <>
                      From the group{" "}
                      <Link
                        href={`/groups/${g.group.id}`}
                        className="text-indigo-700 underline hover:text-indigo-900"
                      >
                        {g.group.displayName}
                      </Link>{" "}
                      (mapping #{g.precedence})
                    </>
                  ) : g.kind === "default" ? (
                    "The default role: no mapping matches this user's groups"
                  ) : (
                    `From the groups claim value “${g.value}” (mapping #${g.precedence})`
                  )}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const { id } = await params;
  const user = await getUser(admin.tenantId, id);
  if (!user) notFound();
  const [history, customAttributes, roles] = await Promise.all([
    listLog(admin.tenantId, { resourceId: id }),
    listCustomAttributes(admin.tenantId),
    effectiveRoles(admin.tenantId, id),
  ]);
  const customSchemas = [...new Set(customAttributes.map((a) => a.schemaUrn))];
  const core = Object.entries(user.doc).filter(([k]) => !k.startsWith("urn:"));
  const enterprise = Object.entries((user.doc[ENTERPRISE_SCHEMA] as Record<string, Json> | undefined) ?? {});
  const uniflow = Object.entries((user.doc[UNIFLOW_SCHEMA] as Record<string, Json> | undefined) ?? {}).map(
    ([k, v]): [string, Json] => [k, k === "cardNumber" && typeof v === "string" ? maskCardNumber(v) : v],
  );
  uniflow.push(["pin", user.hasPin ? "Set (stored hashed, never shown)" : "Not set"]);
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2 break-words">
            <span className="min-w-0">
              <Breakable text={user.userName} />
            </span>{" "}
            {user.active ? <Badge tone="green">Active</Badge> : <Badge tone="amber">Disabled</Badge>}
          </span>
        }
        description={
          <>
            Provisioned{" "}
            {user.idp ? (
              <>
                by{" "}
                <Link
                  className="text-indigo-700 underline hover:text-indigo-900"
                  href={`/identity-providers/${user.idp.id}`}
                >
                  {user.idp.displayName}
                </Link>
              </>
            ) : (
              "by an identity provider that was since deleted"
            )}{" "}
            · created {formatDateTime(user.createdAt)} · updated {formatDateTime(user.updatedAt)}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card title="Profile">
            <Attributes entries={core} />
          </Card>
          <Card title="Enterprise" description={<Breakable text={ENTERPRISE_SCHEMA} />}>
            <Attributes entries={enterprise} />
          </Card>
          <Card title="uniFLOW Online" description={<Breakable text={UNIFLOW_SCHEMA} />}>
            <Attributes entries={uniflow} />
          </Card>
          {customSchemas.map((urn) => (
            <Card key={urn} title="Custom attributes" description={<Breakable text={urn} />}>
              <Attributes
                entries={Object.entries((user.doc[urn] as Record<string, Json> | undefined) ?? {})}
              />
            </Card>
          ))}
        </div>
        <div className="min-w-0 space-y-6">
          <Card title="Roles" description="In precedence order; the first is the primary role.">
            <Roles roles={roles} />
          </Card>
          <Card title={`Groups (${user.groups.length})`}>
            {user.groups.length === 0 ? (
              <p className="text-sm text-slate-600">Not in any group.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {user.groups.map((g) => (
                  <li key={g.id}>
                    <Link href={`/groups/${g.id}`} className="text-indigo-700 hover:underline">
                      {g.displayName}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card
            title="Provisioning history"
            actions={
              <Link className="text-sm text-indigo-700 hover:underline" href={`/logs?resourceId=${id}`}>
                Full log
              </Link>
            }
          >
            <ol className="space-y-3" data-testid="user-history">
              {history.rows.slice(0, 10).map((r) => (
                <li key={r.id} className="text-sm">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs">{r.method}</span>
                    <Badge tone={r.status >= 400 ? "red" : "green"}>{r.status}</Badge>
                    <span className="text-xs text-slate-600">{formatDateTime(r.at)}</span>
                  </p>
                  <div className="mt-1">
                    <LogChanges changes={r.changes} />
                  </div>
                </li>
              ))}
              {history.rows.length === 0 ? (
                <li className="text-sm text-slate-600">No requests recorded.</li>
              ) : null}
            </ol>
          </Card>
        </div>
      </div>
    </>
  );
}
