import { allAudit, type AuditRow } from "@/lib/audit/service";
import { auditFilterOf, auditSentence } from "@/lib/audit/sentences";
import { currentAdmin } from "@/lib/auth/session";
import { csvLine, csvResponse, downloadResponse } from "@/lib/directory/csv";

export const dynamic = "force-dynamic";

/**
 * The company's audit log as a download — `?format=csv` (the CSV writer's formula guard applies)
 * or `?format=jsonl` (one JSON object a line) — with the audit page's filters. Streamed a batch at
 * a time. Any admin may export: it is a read.
 */
export async function GET(request: Request): Promise<Response> {
  const admin = await currentAdmin();
  if (!admin) return new Response("Sign in first", { status: 401 });
  const url = new URL(request.url);
  const filter = auditFilterOf(Object.fromEntries(url.searchParams));
  const rows = allAudit(admin.tenantId, filter);
  const record = (r: AuditRow) => ({
    at: r.at.toISOString(),
    actor: r.actor,
    actorId: r.actorId,
    action: r.action,
    target: r.target,
    detail: r.detail,
    address: r.address,
    description: auditSentence(r),
  });
  if (url.searchParams.get("format") === "jsonl") {
    return downloadResponse(
      "audit-log.jsonl",
      "application/jsonl; charset=utf-8",
      (async function* () {
        for await (const batch of rows) for (const r of batch) yield `${JSON.stringify(record(r))}\n`;
      })(),
    );
  }
  return csvResponse(
    "audit-log.csv",
    (async function* () {
      yield csvLine(["at", "actor", "actorId", "action", "target", "detail", "address", "description"]);
      for await (const batch of rows) for (const r of batch) yield csvLine(Object.values(record(r)));
    })(),
  );
}
