import type { Metadata } from "next";
import { UndefinedAttributesList } from "@/components/portal/undefined-attributes";
import { Breakable } from "@/components/ui/breakable";
import { Badge, Card, EmptyState, Notice, PageHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, Td, Th } from "@/components/ui/table";
import { RoleGate } from "@/components/portal/role-gate";
import { requireAdmin } from "@/lib/auth/session";
import { ATTRIBUTE_TYPE_LABELS, splitSentPath } from "@/lib/custom-attributes/definitions";
import { listCustomAttributes, undefinedAttributes } from "@/lib/custom-attributes/service";
import { formatDateTime } from "@/lib/format";
import { AttributeForm } from "./attribute-form";
import { RemoveAttributeButton } from "./remove-attribute-button";

export const metadata: Metadata = { title: "Custom attributes" };

export default async function AttributesPage({
  searchParams,
}: {
  searchParams: Promise<{ define?: string }>;
}) {
  const admin = await requireAdmin();
  const { define } = await searchParams;
  const [attributes, undefinedSent] = await Promise.all([
    listCustomAttributes(admin.tenantId),
    undefinedAttributes(admin.tenantId),
  ]);
  const preset = define && define.length <= 300 ? splitSentPath(define) : null;
  return (
    <>
      <PageHeader
        title="Custom attributes"
        description="Attributes your identity provider sends that Rollcall does not ship with: cost centre, region, badge number… Once defined, they appear in Rollcall's schema discovery (Entra ID and Okta read it), are checked, can be filtered on, and show on each user's page and in the CSV export."
      />
      <div className="space-y-6">
        {undefinedSent.length > 0 ? (
          <Card
            title="Sent but not defined"
            description="Requests with these attributes were refused (400), so the users or changes they carried are missing. Define them, or remove them from the identity provider's attribute mapping."
          >
            <UndefinedAttributesList items={undefinedSent} />
          </Card>
        ) : null}
        <div id="define">
          <Card
            title="Define an attribute"
            description="For every user of this company. Map it in the identity provider by its full name (shown once defined)."
          >
            <RoleGate need="admin" mode="disable">
              <AttributeForm key={define ?? ""} preset={preset} />
            </RoleGate>
          </Card>
        </div>
        {attributes.length === 0 ? (
          <EmptyState title="No custom attributes yet">
            Users carry the core SCIM attributes, the enterprise extension and uniFLOW Online&apos;s card and
            PIN attributes. Define more when your identity provider sends them.
          </EmptyState>
        ) : (
          <Card title="Defined attributes">
            <Table testId="custom-attributes" cards>
              <thead className="bg-slate-50">
                <tr>
                  <Th>Attribute</Th>
                  <Th>Type</Th>
                  <Th className="hidden sm:table-cell">Defined</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {attributes.map((a) => {
                  const path = `${a.schemaUrn}:${a.name}`;
                  return (
                    <tr key={a.id}>
                      <Td className="break-words">
                        <span className="font-medium text-slate-900">{a.name}</span>
                        {a.description ? (
                          <span className="block text-xs text-slate-600">{a.description}</span>
                        ) : null}
                        <span className="mt-1 flex items-center gap-2">
                          <code className="min-w-0 break-words font-mono text-xs text-slate-600">
                            <Breakable text={path} />
                          </code>
                          <CopyButton value={path} accessibleName={`Copy the full name of ${a.name}`} />
                        </span>
                      </Td>
                      <Td label="Type">
                        {ATTRIBUTE_TYPE_LABELS[a.type]}
                        <span className="mt-1 flex flex-wrap gap-1">
                          {a.multiValued ? <Badge>several values</Badge> : null}
                          {a.caseExact ? <Badge>case-sensitive</Badge> : null}
                        </span>
                      </Td>
                      <Td label="Defined" className="hidden whitespace-nowrap text-slate-600 sm:table-cell">
                        {formatDateTime(a.createdAt)}
                      </Td>
                      <Td className="md:text-right">
                        <RoleGate need="admin">
                          <RemoveAttributeButton id={a.id} name={a.name} />
                        </RoleGate>
                      </Td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </Card>
        )}
        <Notice tone="indigo" title="In Microsoft Entra ID">
          Enterprise apps → your app → Provisioning → Mappings → Provision Microsoft Entra ID Users → Show
          advanced options → Edit attribute list: add the attribute by its full name, then map a source
          attribute to it.
        </Notice>
      </div>
    </>
  );
}
