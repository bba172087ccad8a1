import { db } from "@/lib/db";
import { API_SECURITY_HEADERS } from "@/lib/security/headers";

/** Readiness: the database is reachable and migrated. */
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const { sql } = await db();
    await sql.get("SELECT 1 AS ok");
    return Response.json({ status: "ready" }, { headers: API_SECURITY_HEADERS });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503, headers: API_SECURITY_HEADERS });
  }
}
