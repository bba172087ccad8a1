/** The SCIM context of in-process tests (tests/database): a tenant of a database, built-in types. */
import type { SqlClient } from "@/lib/db/sql";
import { NO_ROLES } from "@/lib/scim/dispatcher";
import type { RoleService, ScimContext } from "@/lib/scim/resources/types";
import { BUILT_IN_TYPES } from "@/lib/scim/schema/resource-types";

/** Operations on `tenantId` as a provisioning client's requests would run them (hashing faked). */
export function scimContext(sql: SqlClient, tenantId: string, roles: RoleService = NO_ROLES): ScimContext {
  return {
    tenantId,
    idpId: "idp",
    baseUrl: "https://rollcall.test/api/scim/v2/x",
    directoryBaseUrl: "https://rollcall.test/api/scim/v2",
    sql,
    types: BUILT_IN_TYPES,
    hashSecret: async (s: string) => `h${s}`,
    roles,
  };
}
