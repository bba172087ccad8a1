import { currentAdmin } from "@/lib/auth/session";
import { csvLine, csvResponse } from "@/lib/directory/csv";
import { listGroups } from "@/lib/directory/groups";
import { textParam } from "@/lib/search-params";

export const dynamic = "force-dynamic";

/** The groups as a CSV file: those the list shows with the same search (`?q=…`). */
export async function GET(request: Request): Promise<Response> {
  const admin = await currentAdmin();
  if (!admin) return new Response("Sign in first", { status: 401 });
  const q = textParam(new URL(request.url).searchParams.get("q") ?? undefined);
  async function* lines() {
    yield csvLine(["id", "displayName", "externalId", "members", "updated"]);
    for (let page = 1; ; page++) {
      const result = await listGroups(admin!.tenantId, { q, page });
      for (const g of result.rows) yield csvLine([g.id, g.displayName, g.externalId, g.members, g.updatedAt]);
      if (page >= result.pages) break;
    }
  }
  return csvResponse("groups.csv", lines());
}
