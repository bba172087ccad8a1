import { currentAdmin } from "@/lib/auth/session";
import { listCustomAttributes } from "@/lib/custom-attributes/service";
import { csvLine, csvResponse } from "@/lib/directory/csv";
import { allUsers, userFilter } from "@/lib/directory/users";
import { textParam } from "@/lib/search-params";
import { toBool } from "@/lib/db/sql";
import { ENTERPRISE_SCHEMA } from "@/lib/scim/schema/user";

export const dynamic = "force-dynamic";

function email(doc: Record<string, unknown>): string {
  const emails = Array.isArray(doc.emails) ? (doc.emails as Record<string, unknown>[]) : [];
  return String((emails.find((e) => e.primary === true) ?? emails[0])?.value ?? "");
}

/** The users as a CSV file: those the list shows with the same search and status (`?q=…&status=…`). */
export async function GET(request: Request): Promise<Response> {
  const admin = await currentAdmin();
  if (!admin) return new Response("Sign in first", { status: 401 });
  const params = new URL(request.url).searchParams;
  const filter = userFilter(textParam(params.get("q") ?? undefined), params.get("status"));
  // One column per custom attribute; the full name only where two schemas share a name.
  const custom = await listCustomAttributes(admin.tenantId);
  const shared = (name: string) =>
    custom.filter((c) => c.name.toLowerCase() === name.toLowerCase()).length > 1;
  const customValue = (doc: Record<string, unknown>, urn: string, name: string) => {
    const value = ((doc[urn] ?? {}) as Record<string, unknown>)[name];
    return Array.isArray(value) ? value.join("; ") : value;
  };
  async function* lines() {
    yield csvLine([
      "id",
      "userName",
      "externalId",
      "active",
      "displayName",
      "givenName",
      "familyName",
      "email",
      "title",
      "department",
      "employeeNumber",
      "created",
      "updated",
      ...custom.map((c) => (shared(c.name) ? `${c.schemaUrn}:${c.name}` : c.name)),
    ]);
    for await (const rows of allUsers(admin!.tenantId, filter)) {
      for (const r of rows) {
        const doc = (typeof r.doc === "string" ? JSON.parse(r.doc) : r.doc) as Record<string, unknown>;
        const enterprise = (doc[ENTERPRISE_SCHEMA] ?? {}) as Record<string, unknown>;
        yield csvLine([
          r.id,
          r.userName,
          r.externalId,
          toBool(r.active),
          r.displayName,
          r.givenName,
          r.familyName,
          email(doc),
          doc.title,
          r.department,
          enterprise.employeeNumber,
          r.createdAt,
          r.updatedAt,
          ...custom.map((c) => customValue(doc, c.schemaUrn, c.name)),
        ]);
      }
    }
  }
  return csvResponse("users.csv", lines());
}
