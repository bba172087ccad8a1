/** The API's own description: the OpenAPI document and the problem types (no key needed). */
import { z } from "zod";
import { appUrl } from "@/lib/config";
import { openApiDocument } from "../openapi";
import { ApiError, PROBLEMS, problemTypeUri, type ProblemSlug } from "../problem";
import { defineRoute, type Route } from "../route";
import { openApiDocumentSchema, problemTypeSchema } from "../schemas";

/** GET /openapi.json, describing `routes` (which include it). */
export function openApiRoute(routes: () => readonly Route[]): Route {
  return defineRoute({
    method: "GET",
    path: "/openapi.json",
    scope: null,
    tag: "About",
    summary: "This OpenAPI 3.1 document",
    response: { status: 200, schema: openApiDocumentSchema, description: "The OpenAPI document" },
    async handler() {
      return openApiDocument(routes(), `${appUrl()}/api/v1`) as z.input<typeof openApiDocumentSchema>;
    },
  });
}

export const problemType = defineRoute({
  method: "GET",
  path: "/problems/{type}",
  scope: null,
  tag: "About",
  summary: "What a problem type means",
  params: z.strictObject({ type: z.string().max(100).describe("The slug at the end of a problem's `type`") }),
  response: { status: 200, schema: problemTypeSchema, description: "The problem type" },
  problems: ["not-found"],
  async handler({ params }) {
    if (!Object.hasOwn(PROBLEMS, params.type))
      throw new ApiError("not-found", "There is no such problem type");
    const slug = params.type as ProblemSlug;
    const { status, title, about } = PROBLEMS[slug];
    return { type: problemTypeUri(slug), title, status, description: about };
  },
});
