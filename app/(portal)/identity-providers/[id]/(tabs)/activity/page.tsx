import type { Metadata } from "next";
import { Badge, Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { listSsoEvents } from "@/lib/sso/store";
import { loadIdp } from "../load";

export const metadata: Metadata = { title: "Sign-in activity · Identity provider" };

export default async function IdpActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { admin, idp } = await loadIdp(id);
  const events = await listSsoEvents({ tenantId: admin.tenantId, idpId: idp.id });
  return (
    <Card
      title="Sign-in activity"
      description="The latest single sign-on attempts through this identity provider. Repeated refusals of one kind within 10 minutes are counted in one row."
    >
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">No one has signed in through this identity provider yet.</p>
      ) : (
        <Table testId="sso-events">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Outcome</Th>
              <Th>User</Th>
              <Th>Reason</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {events.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap">
                  {formatDateTime(e.at)}
                  {e.count > 1 && e.lastAt ? (
                    <span className="block text-xs text-slate-600">to {formatDateTime(e.lastAt)}</span>
                  ) : null}
                </Td>
                <Td className="whitespace-nowrap">
                  <Badge tone={e.outcome === "signed-in" ? "green" : "red"}>
                    {e.outcome === "signed-in" ? "Signed in" : "Refused"}
                    {e.count > 1 ? ` ×${e.count}` : ""}
                  </Badge>
                </Td>
                {/* Names wrap between words (break-words: a word breaks only if it cannot fit alone). */}
                <Td className="min-w-[12rem] break-words">{e.subject ?? "—"}</Td>
                <Td className="min-w-[14rem] break-words text-slate-600">{e.reason ?? ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
