import { ROUTES } from "@/lib/api/routes";
import { apiHandler } from "@/lib/api/server";

export const dynamic = "force-dynamic";

const handle = apiHandler(ROUTES);

async function serve(request: Request, context: { params: Promise<{ path?: string[] }> }): Promise<Response> {
  const { path = [] } = await context.params;
  return handle(request, path);
}

export { serve as GET, serve as POST, serve as PUT, serve as PATCH, serve as DELETE, serve as OPTIONS };
