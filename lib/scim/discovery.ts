/** /ServiceProviderConfig, /Schemas and /ResourceTypes, rendered from the schema definitions. */
import { ScimError } from "./errors";
import { scimResponse, type ScimResponse } from "./http";
import { LIST_RESPONSE_SCHEMA } from "./schemas";
import { commonAttributes } from "./schema/common";
import type { TenantTypes } from "./schema/resource-types";
import type { AttributeDef, ResourceTypeDef, SchemaDef } from "./schema/types";
import { BULK_LIMITS, DEFAULT_PAGE_SIZE, MAX_RESULTS } from "./limits";

/**
 * RFC 7643 §7: `caseExact` describes strings (references and binaries are case exact, §2.3.6–7);
 * booleans and complex attributes have neither case sensitivity nor uniqueness (§2.3.2, §2.3.8).
 */
function renderAttribute(a: AttributeDef): Record<string, unknown> {
  const textual = a.type === "string" || a.type === "reference" || a.type === "binary";
  const unique = a.type !== "boolean" && a.type !== "complex";
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued,
    description: a.description,
    required: a.required,
    ...(textual ? { caseExact: a.caseExact } : {}),
    mutability: a.mutability,
    returned: a.returned,
    ...(unique ? { uniqueness: a.uniqueness } : {}),
    ...(a.canonicalValues ? { canonicalValues: a.canonicalValues } : {}),
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(renderAttribute) } : {}),
  };
}

function allSchemas(types: TenantTypes): SchemaDef[] {
  const seen = new Map<string, SchemaDef>();
  for (const t of types.all)
    for (const s of [t.schema, ...t.extensions.map((e) => e.schema)]) seen.set(s.id, s);
  return [...seen.values()];
}

function renderSchema(baseUrl: string, s: SchemaDef, types: TenantTypes): Record<string, unknown> {
  const core = types.all.some((t) => t.schema.id === s.id);
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: [
      ...(core ? commonAttributes.filter((a) => a.name === "externalId") : []),
      ...s.attributes,
    ].map(renderAttribute),
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${s.id}` },
  };
}

function renderResourceType(baseUrl: string, t: ResourceTypeDef): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: t.id,
    name: t.name,
    endpoint: t.endpoint,
    description: t.description,
    schema: t.schema.id,
    schemaExtensions: t.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/${t.id}` },
  };
}

function listOf(items: Record<string, unknown>[]) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: items.length,
    itemsPerPage: items.length,
    startIndex: 1,
    Resources: items,
  };
}

export function serviceProviderConfig(baseUrl: string): ScimResponse {
  return scimResponse(200, {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    patch: { supported: true },
    bulk: {
      supported: true,
      maxOperations: BULK_LIMITS.maxOperations,
      maxPayloadSize: BULK_LIMITS.maxPayloadSize,
    },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: "index",
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: MAX_RESULTS,
    },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "The secret token shown once when provisioning is enabled in Rollcall",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  });
}

export function schemasEndpoint(baseUrl: string, rest: string[], types: TenantTypes): ScimResponse {
  const schemas = allSchemas(types);
  if (rest.length === 0)
    return scimResponse(200, listOf(schemas.map((s) => renderSchema(baseUrl, s, types))));
  const urn = rest.join("/");
  const schema = schemas.find((s) => s.id.toLowerCase() === urn.toLowerCase());
  if (!schema || rest.length > 1) throw new ScimError(404, `Unknown schema "${urn}"`);
  return scimResponse(200, renderSchema(baseUrl, schema, types));
}

export function resourceTypesEndpoint(baseUrl: string, rest: string[], types: TenantTypes): ScimResponse {
  if (rest.length === 0)
    return scimResponse(200, listOf(types.all.map((t) => renderResourceType(baseUrl, t))));
  const type = types.all.find((t) => t.id.toLowerCase() === rest[0]!.toLowerCase());
  if (!type || rest.length > 1) throw new ScimError(404, `Unknown resource type "${rest.join("/")}"`);
  return scimResponse(200, renderResourceType(baseUrl, type));
}
