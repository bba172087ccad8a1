import { handle } from "@/lib/scim/dispatcher";
import { scimServices } from "@/lib/provisioning/scim-endpoint";
import { readBody, toResponse } from "@/lib/scim/http";
import { API_SECURITY_HEADERS } from "@/lib/security/headers";
import { clientIp } from "@/lib/security/rate-limit";

export const dynamic = "force-dynamic";

async function serve(request: Request, context: { params: Promise<{ path?: string[] }> }): Promise<Response> {
  const { path = [] } = await context.params;
  const url = new URL(request.url);
  const response = await handle(
    {
      method: request.method,
      segments: path,
      query: url.searchParams,
      headers: request.headers,
      clientIp: clientIp(request.headers),
      ...(await readBody(request)),
    },
    scimServices,
  );
  return toResponse(response, API_SECURITY_HEADERS);
}

export { serve as GET, serve as POST, serve as PUT, serve as PATCH, serve as DELETE };
