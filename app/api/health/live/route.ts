import { API_SECURITY_HEADERS } from "@/lib/security/headers";

/** Liveness: the process answers (touches no database). */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: API_SECURITY_HEADERS });
}
