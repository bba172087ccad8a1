/**
 * A route of the application API, declared once: method, path, the scope its key needs, zod
 * schemas for path parameters, query, body and response, and the handler. The same declaration
 * validates requests (lib/api/server.ts) and produces the OpenAPI document (lib/api/openapi.ts),
 * so the two cannot drift. Adding an endpoint is one `defineRoute({...})` in lib/api/routes/.
 */
import type { z } from "zod";
import type { ApiPrincipal, Scope } from "@/lib/api-keys/service";
import type { ProblemSlug } from "./problem";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type Schema = z.ZodType;
type NoInput = z.ZodObject<Record<string, never>>;

export type HandlerInput<P, Q, B> = {
  params: P;
  query: Q;
  body: B;
  /** The API key the request came with (null on public routes). */
  key: ApiPrincipal | null;
};

export type SuccessResponse<R extends Schema> =
  | {
      status: 200 | 201;
      /** A schema registered in lib/api/schemas.ts (a named component of the OpenAPI document). */
      schema: R;
      description: string;
      /** The Location header of a 201, from the body. */
      location?: (body: z.input<R>) => string;
    }
  | { status: 204; description: string };

export type RouteSpec<
  P extends Schema = NoInput,
  Q extends Schema = NoInput,
  B extends Schema = NoInput,
  R extends Schema = z.ZodVoid,
> = {
  method: Method;
  /** Under /api/v1; `{name}` segments are path parameters (declared in `params`). */
  path: `/${string}`;
  /** The scope the API key needs; null: no key needed. */
  scope: Scope | null;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  response: SuccessResponse<R>;
  /** Problems this operation answers besides those every route may (400, 401, 403, 422, 429, 500). */
  problems?: readonly ProblemSlug[];
  handler(input: HandlerInput<z.output<P>, z.output<Q>, z.output<B>>): Promise<z.input<R>>;
};

export type Route = RouteSpec<Schema, Schema, Schema, Schema>;

/**
 * Declares a route; the handler's input and output are typed from the schemas. The server then
 * handles every route alike (`Route`): it gives each handler what that route's own schemas
 * produced, which is why widening the types here is sound.
 */
export function defineRoute<P extends Schema, Q extends Schema, B extends Schema, R extends Schema>(
  spec: RouteSpec<P, Q, B, R>,
): Route {
  return spec as unknown as Route;
}
