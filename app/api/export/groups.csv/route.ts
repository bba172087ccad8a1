import { currentAdmin } from "@/lib/auth/session";
import { csvLine, csvResponse } from "@/lib/directory/csv";
import { listGroups } from "@/lib/directory/groups";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const admin = await currentAdmin();
  if (!admin) return new Response("Sign in first", { status: 401 });
  async function* lines() {
    yield csvLine(["id", "displayName", "externalId", "members", "updated"]);
    for (let page = 1; ; page++) {
      const result = await listGroups(admin!.tenantId, { page });
      for (const g of result.rows) yield csvLine([g.id, g.displayName, g.externalId, g.members, g.updatedAt]);
      if (page >= result.pages) break;
    }
  }
  return csvResponse("groups.csv", lines());
}
