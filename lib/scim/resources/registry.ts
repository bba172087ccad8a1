/**
 * The resource types behind the SCIM endpoints, by endpoint name, and the one way to run an
 * operation on one of them — used by the dispatcher for single requests and by /Bulk for each of
 * its operations.
 */
import { ScimError } from "../errors";
import { parseProjection } from "../projection";
import { groupHandler } from "./groups";
import type { Outcome, ResourceHandler, ScimContext } from "./types";
import { userHandler } from "./users";

const HANDLERS: Record<string, ResourceHandler> = { Users: userHandler, Groups: groupHandler };

/** The handler of an endpoint (`Users`, `Groups`), or a SCIM 404. */
export function handlerFor(endpoint: string): ResourceHandler {
  const handler = HANDLERS[endpoint];
  if (!handler) throw new ScimError(404, "Unknown SCIM endpoint");
  return handler;
}

export type OperationOptions = {
  ifMatch: string | null;
  ifNoneMatch: string | null;
  query: Record<string, string>;
};

/** One operation on a User or Group: POST to the collection, or GET/PUT/PATCH/DELETE of one. */
export async function operate(
  ctx: ScimContext,
  method: string,
  endpoint: string,
  id: string | null,
  body: unknown,
  { ifMatch, ifNoneMatch, query }: OperationOptions,
): Promise<Outcome> {
  const handler = handlerFor(endpoint);
  const projection = parseProjection(query.attributes, query.excludedAttributes);
  const asked = query.attributes !== undefined || query.excludedAttributes !== undefined;
  if (id === null) {
    if (method === "POST") return handler.create(ctx, body, projection);
    throw new ScimError(405, `${method} is not supported on /${endpoint}`);
  }
  switch (method) {
    case "GET":
      return handler.get(ctx, id, projection, ifNoneMatch);
    case "PUT":
      return handler.replace(ctx, id, body, ifMatch, projection);
    case "PATCH":
      return handler.patch(ctx, id, body, ifMatch, asked ? projection : null);
    case "DELETE":
      return handler.delete(ctx, id, ifMatch);
    default:
      throw new ScimError(405, `${method} is not supported on /${endpoint}/{id}`);
  }
}
