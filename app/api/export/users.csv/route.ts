import { currentAdmin } from "@/lib/auth/session";
import { csvLine, csvResponse } from "@/lib/directory/csv";
import { allUsers } from "@/lib/directory/users";
import { toBool } from "@/lib/db/sql";
import { ENTERPRISE_SCHEMA } from "@/lib/scim/schema/user";

export const dynamic = "force-dynamic";

function email(doc: Record<string, unknown>): string {
  const emails = Array.isArray(doc.emails) ? (doc.emails as Record<string, unknown>[]) : [];
  return String((emails.find((e) => e.primary === true) ?? emails[0])?.value ?? "");
}

export async function GET(): Promise<Response> {
  const admin = await currentAdmin();
  if (!admin) return new Response("Sign in first", { status: 401 });
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
    ]);
    for await (const rows of allUsers(admin!.tenantId)) {
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
        ]);
      }
    }
  }
  return csvResponse("users.csv", lines());
}
