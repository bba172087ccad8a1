/** The provisioning log's record of one SCIM operation, however it arrived (a client, /Bulk, Rollcall itself). */
import { isObject } from "./document";
import type { Change, Outcome } from "./resources/types";

export type RequestLogEntry = {
  tenantId: string;
  idpId: string;
  at: Date;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  resourceType: string | null;
  resourceId: string | null;
  userAgent: string | null;
  scimType: string | null;
  detail: string | null;
  changes: Change[] | null;
  unknownAttribute: string | null;
};

export type Requester = { tenantId: string; idpId: string; userAgent: string | null };

export function logEntry(
  who: Requester,
  method: string,
  path: string,
  outcome: Outcome,
  durationMs: number,
): RequestLogEntry {
  const body = outcome.body;
  const isError = outcome.status >= 400 && isObject(body);
  return {
    tenantId: who.tenantId,
    idpId: who.idpId,
    at: new Date(),
    method,
    path,
    status: outcome.status,
    durationMs,
    resourceType: outcome.resourceType ?? null,
    resourceId: outcome.resourceId ?? null,
    userAgent: who.userAgent,
    scimType: isError && typeof body.scimType === "string" ? body.scimType : null,
    detail: isError && typeof body.detail === "string" ? body.detail : (outcome.note ?? null),
    changes: outcome.changes && outcome.changes.length > 0 ? outcome.changes : null,
    unknownAttribute: outcome.unknownAttribute ?? null,
  };
}
