/**
 * The applications that sign people in through Rollcall's OpenID Provider (scope
 * applications:write, reads included: an application's redirect URIs are the operator's
 * configuration): register (the client secret is returned once), list, read, change, remove, rotate
 * the secret. The same services as the CLI's `app` commands (lib/oidc/applications.ts).
 */
import { z } from "zod";
import {
  applicationsPage,
  createApplication,
  getApplication,
  MAX_REDIRECT_URIS,
  MAX_TENANTS,
  redirectUri,
  removeApplication,
  rotateApplicationSecret,
  updateApplication,
} from "@/lib/oidc/applications";
import {
  applicationCreatedSchema,
  applicationPageSchema,
  applicationSchema,
  applicationSecretSchema,
} from "../application-schemas";
import { defineRoute, type Route, type SuccessResponse } from "../route";
import { id, idPageQuery, pageById } from "./params";

/** What every route of this file shares. */
const APPLICATIONS = { scope: "applications:write", tag: "Applications" } as const;
/** …and those about one application. */
const ONE = { ...APPLICATIONS, params: z.strictObject({ clientId: id("application") }) } as const;

const name = z.string().trim().min(1).max(120).describe("Shown to people on Rollcall's sign-in page");
const uris = (what: string) =>
  z
    .array(redirectUri)
    .max(MAX_REDIRECT_URIS)
    .describe(`${what}: absolute https:// URIs (http:// only on localhost), no fragment, compared exactly`);
const redirectUris = uris("Where authorization codes may be sent").min(1);
const postLogoutRedirectUris = uris("Where RP-initiated logout may return");
const tenantIds = z
  .array(id("tenant"))
  .min(1)
  .max(MAX_TENANTS)
  .nullable()
  .describe("Only these tenants' people may sign in; null or absent: every tenant's");

export const listApplications = defineRoute({
  ...APPLICATIONS,
  method: "GET",
  path: "/applications",
  summary: "The applications that sign people in through Rollcall",
  query: idPageQuery,
  response: { status: 200, schema: applicationPageSchema, description: "A page of applications" },
  handler: ({ query }) => pageById(query, applicationsPage, (a) => a.clientId),
});

export const createApplicationRoute = defineRoute({
  ...APPLICATIONS,
  method: "POST",
  path: "/applications",
  summary: "Register an application",
  description:
    "A confidential application gets a client secret, returned here once (Rollcall keeps only its SHA-256); a public one (`public: true`) has none and must use PKCE, as every application does.",
  body: z.strictObject({
    name,
    redirectUris,
    postLogoutRedirectUris: postLogoutRedirectUris.optional(),
    public: z.boolean().optional().describe("No client secret (a single-page or native application)"),
    tenantIds: tenantIds.optional(),
  }),
  response: {
    status: 201,
    schema: applicationCreatedSchema,
    description: "The application and its client secret",
    location: (body) => `/api/v1/applications/${body.application.clientId}`,
  },
  handler: ({ body }) => createApplication(body),
});

/** A route about one application that only reads or removes it. */
function aboutOne<R extends z.ZodType>(
  method: "GET" | "DELETE",
  summary: string,
  response: SuccessResponse<R>,
  run: (clientId: string) => Promise<z.input<R>>,
): Route {
  const path = "/applications/{clientId}";
  return defineRoute({
    ...ONE,
    method,
    path,
    summary,
    response,
    problems: ["not-found"],
    handler: ({ params }) => run(params.clientId),
  });
}

export const getApplicationRoute = aboutOne(
  "GET",
  "One application",
  { status: 200, schema: applicationSchema, description: "The application" },
  getApplication,
);

export const updateApplicationRoute = defineRoute({
  ...ONE,
  method: "PATCH",
  path: "/applications/{clientId}",
  summary: "Change an application: name, redirect URIs, tenants",
  description: "Takes effect at the next protocol request on every instance (nothing is cached).",
  body: z.strictObject({
    name: name.optional(),
    redirectUris: redirectUris.optional(),
    postLogoutRedirectUris: postLogoutRedirectUris.optional(),
    tenantIds: tenantIds.optional(),
  }),
  response: { status: 200, schema: applicationSchema, description: "The application" },
  problems: ["not-found"],
  handler: ({ params, body }) => updateApplication(params.clientId, body),
});

export const deleteApplicationRoute = aboutOne<z.ZodVoid>(
  "DELETE",
  "Remove an application; its tokens stop working at once",
  { status: 204, description: "Removed" },
  removeApplication,
);

export const rotateApplicationSecretRoute = defineRoute({
  ...ONE,
  method: "POST",
  path: "/applications/{clientId}/rotate-secret",
  summary: "Rotate the client secret",
  description:
    "Returns the new secret once. The previous one keeps authenticating for 24 hours, so the application can switch without an outage — unless `immediately` (a leaked secret).",
  body: z.strictObject({
    immediately: z.boolean().optional().describe("The previous secret stops working at once"),
  }),
  response: { status: 200, schema: applicationSecretSchema, description: "The new secret" },
  problems: ["not-found", "conflict"],
  handler: ({ params, body }) =>
    rotateApplicationSecret(params.clientId, { immediately: body.immediately === true }),
});
