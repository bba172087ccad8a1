import { db } from "@/lib/db";

/** Readiness: the database is reachable and migrated. */
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const { sql } = await db();
    await sql.get("SELECT 1 AS ok");
    return Response.json({ status: "ready" });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
