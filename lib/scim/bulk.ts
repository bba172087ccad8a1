/**
 * /Bulk (RFC 7644 §3.7): operations on Users and Groups in one request, with `bulkId` references
 * (also forward ones: an operation waits until the operations it references have run), and
 * `failOnErrors`. Operations are not atomic as a whole; each one is, like a single request.
 */
import { isObject, type Json } from "./document";
import { errorOutcome, ScimError } from "./errors";
import { BULK_LIMITS } from "./limits";
import { scimResponse } from "./http";
import { operate } from "./resources/registry";
import type { Outcome, ScimContext } from "./resources/types";

export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

type BulkOp = { method: string; bulkId: string | null; version: string | null; path: string; data: unknown };

const REF = /^bulkId:(.+)$/;

function references(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    const m = REF.exec(value);
    if (m) out.add(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) references(v, out);
  } else if (isObject(value)) {
    for (const v of Object.values(value)) references(v, out);
  }
  return out;
}

function substitute(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") {
    const m = REF.exec(value);
    return m && ids.has(m[1]!) ? ids.get(m[1]!) : value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)]));
  return value;
}

function parse(body: unknown): { ops: BulkOp[]; failOnErrors: number | null } {
  if (!isObject(body)) throw new ScimError(400, "The request body must be a JSON object", "invalidSyntax");
  if (Array.isArray(body.schemas) && !body.schemas.includes(BULK_REQUEST_SCHEMA)) {
    throw new ScimError(400, `"schemas" must contain ${BULK_REQUEST_SCHEMA}`, "invalidSyntax");
  }
  const operations = body.Operations;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new ScimError(400, `"Operations" must be a non-empty list`, "invalidSyntax");
  }
  if (operations.length > BULK_LIMITS.maxOperations) {
    throw new ScimError(413, `At most ${BULK_LIMITS.maxOperations} operations per bulk request`);
  }
  const failOnErrors = body.failOnErrors;
  if (
    failOnErrors !== undefined &&
    (typeof failOnErrors !== "number" || !Number.isInteger(failOnErrors) || failOnErrors < 1)
  ) {
    throw new ScimError(400, `"failOnErrors" must be a positive integer`, "invalidValue");
  }
  const ops = operations.map((raw, i): BulkOp => {
    if (!isObject(raw)) throw new ScimError(400, `Operation ${i + 1} must be an object`, "invalidSyntax");
    const method = typeof raw.method === "string" ? raw.method.toUpperCase() : "";
    if (!["POST", "PUT", "PATCH", "DELETE"].includes(method)) {
      throw new ScimError(
        400,
        `Operation ${i + 1}: "method" must be POST, PUT, PATCH or DELETE`,
        "invalidSyntax",
      );
    }
    if (typeof raw.path !== "string" || !raw.path.startsWith("/")) {
      throw new ScimError(
        400,
        `Operation ${i + 1}: "path" must be like /Users or /Groups/{id}`,
        "invalidSyntax",
      );
    }
    const bulkId = typeof raw.bulkId === "string" && raw.bulkId !== "" ? raw.bulkId : null;
    if (method === "POST" && !bulkId)
      throw new ScimError(400, `Operation ${i + 1}: POST needs a "bulkId"`, "invalidSyntax");
    return {
      method,
      bulkId,
      version: typeof raw.version === "string" ? raw.version : null,
      path: raw.path,
      data: raw.data,
    };
  });
  const seen = new Set<string>();
  for (const op of ops) {
    if (op.bulkId && seen.has(op.bulkId))
      throw new ScimError(400, `bulkId "${op.bulkId}" is used twice`, "invalidValue");
    if (op.bulkId) seen.add(op.bulkId);
  }
  return { ops, failOnErrors: typeof failOnErrors === "number" ? failOnErrors : null };
}

type Result = {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: Json;
};

export async function runBulk(ctx: ScimContext, body: unknown): Promise<Outcome> {
  const { ops, failOnErrors } = parse(body);
  const ids = new Map<string, string>();
  const failed = new Set<string>();
  const results: (Result | undefined)[] = new Array(ops.length);
  const related: NonNullable<Outcome["related"]> = [];
  const pending = new Set(ops.keys());
  let errors = 0;

  const record = (i: number, op: BulkOp, outcome: Outcome, location?: string) => {
    const result: Result = { method: op.method, status: String(outcome.status) };
    if (op.bulkId) result.bulkId = op.bulkId;
    if (outcome.headers.ETag) result.version = outcome.headers.ETag;
    if (location) result.location = location;
    if (outcome.status >= 400) {
      result.response = outcome.body as Json;
      errors++;
      if (op.bulkId) failed.add(op.bulkId);
    }
    results[i] = result;
    // The log keeps what changed; a successful operation's resource is not needed any more.
    related.push({
      method: op.method,
      path: op.path,
      outcome: outcome.status >= 400 ? outcome : { ...outcome, body: undefined },
    });
  };

  while (pending.size > 0 && (failOnErrors === null || errors < failOnErrors)) {
    let progressed = false;
    for (const i of [...pending]) {
      if (failOnErrors !== null && errors >= failOnErrors) break;
      const op = ops[i]!;
      const refs = references([op.path.split("/"), op.data]);
      const blocked = [...refs].filter((r) => !ids.has(r));
      const broken = blocked.filter((r) => failed.has(r) || !ops.some((o) => o.bulkId === r));
      if (blocked.length > 0 && broken.length === 0) continue; // waits for an operation still to run
      pending.delete(i);
      progressed = true;
      // Each operation is a unit of work of its own: let other requests run between them, so a
      // large Bulk request never holds the event loop for longer than one operation.
      if (pending.size + 1 < ops.length) await new Promise((resolve) => setImmediate(resolve));
      let outcome: Outcome;
      let location: string | undefined;
      if (broken.length > 0) {
        outcome = scimResponse(
          409,
          new ScimError(409, `Cannot resolve bulkId "${broken[0]}"`, "invalidValue").toBody(),
        );
      } else {
        const [, resource, id, ...rest] = op.path
          .split("/")
          .map((segment) => substitute(segment, ids) as string);
        try {
          if (!resource || rest.length > 0 || (op.method === "POST") !== (id === undefined)) {
            throw new ScimError(400, `"${op.path}" is not a valid path for ${op.method}`, "invalidPath");
          }
          outcome = await operate(ctx, op.method, resource, id ?? null, substitute(op.data, ids), {
            ifMatch: op.version,
            ifNoneMatch: null,
            query: {},
          });
        } catch (error) {
          if (!(error instanceof ScimError)) throw error;
          outcome = errorOutcome(error);
        }
        if (outcome.resourceId && outcome.status < 400) {
          location = `${ctx.baseUrl}/${resource}/${outcome.resourceId}`;
          if (op.method === "POST" && op.bulkId) ids.set(op.bulkId, outcome.resourceId);
        }
      }
      record(i, op, outcome, location);
    }
    if (!progressed) {
      // Whatever is left references operations that can never run first (a cycle).
      for (const i of [...pending]) {
        pending.delete(i);
        const op = ops[i]!;
        record(
          i,
          op,
          scimResponse(409, new ScimError(409, "Circular bulkId references", "invalidValue").toBody()),
        );
        if (failOnErrors !== null && errors >= failOnErrors) break;
      }
    }
  }
  return {
    ...scimResponse(200, {
      schemas: [BULK_RESPONSE_SCHEMA],
      Operations: results.filter((r) => r !== undefined),
    }),
    resourceType: "Bulk",
    related,
  };
}
