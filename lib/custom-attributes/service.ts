/**
 * A tenant's custom attributes: define, list, remove — and the extension schemas SCIM serves from
 * them, cached per tenant for a few seconds (every instance sees a change within that bound; the
 * instance that made it, at once).
 */
import { LRUCache } from "lru-cache";
import { audit, type Actor } from "@/lib/audit/service";
import { recordEvent } from "@/lib/events/outbox";
import { db } from "@/lib/db";
import { get, run, toDate, UniqueViolation, type Dialect } from "@/lib/db/sql";
import { AppError, parseInput } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { SchemaDef } from "@/lib/scim/schema/types";
import {
  attributeKey,
  customAttributeSchema,
  MAX_CUSTOM_ATTRIBUTES,
  splitSentPath,
  toSchemas,
  type CustomAttribute,
  type CustomAttributeInput,
  type CustomAttributeType,
} from "./definitions";
import { env } from "@/lib/env";

/** How long a tenant's schemas are reused (SCIM_SCHEMA_CACHE_SECONDS, default 5). */
function ttlMs(): number {
  return env().SCIM_SCHEMA_CACHE_SECONDS * 1000;
}

// On globalThis: Next.js may bundle this module more than once per process, and a change made
// through one copy (a server action) must clear what the other (the SCIM route) reads.
const holder = globalThis as typeof globalThis & {
  __rollcallCustomSchemas?: LRUCache<string, readonly SchemaDef[]>;
};
const cache = (holder.__rollcallCustomSchemas ??= new LRUCache<string, readonly SchemaDef[]>({
  max: 10_000,
  ttl: ttlMs(),
}));

export async function listCustomAttributes(tenantId: string): Promise<CustomAttribute[]> {
  const { prisma } = await db();
  const rows = await prisma.customAttribute.findMany({
    where: { tenantId },
    orderBy: [{ schemaUrn: "asc" }, { createdAt: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    schemaUrn: r.schemaUrn,
    name: r.name,
    type: r.type as CustomAttributeType,
    multiValued: r.multiValued,
    caseExact: r.caseExact,
    description: r.description,
    createdAt: r.createdAt,
  }));
}

/** The tenant's extension schemas for SCIM (empty for most tenants). */
export async function tenantExtensions(tenantId: string): Promise<readonly SchemaDef[]> {
  const hit = cache.get(tenantId);
  if (hit) return hit;
  const definitions = await listCustomAttributes(tenantId);
  // The same array for an unchanged tenant, so the resource types built from it are reused.
  const schemas = definitions.length === 0 ? NONE : toSchemas(definitions);
  if (cache.ttl > 0) cache.set(tenantId, schemas);
  return schemas;
}
const NONE: readonly SchemaDef[] = Object.freeze([]);

export async function defineCustomAttribute(
  tenantId: string,
  actor: Actor,
  input: CustomAttributeInput,
): Promise<CustomAttribute> {
  const v = parseInput(customAttributeSchema, input);
  const { sql } = await db();
  const now = new Date();
  const row = {
    tenantId,
    id: newId(),
    schemaUrn: v.schemaUrn,
    name: v.name,
    key: attributeKey(v.schemaUrn, v.name),
    type: v.type,
    multiValued: v.multiValued,
    caseExact: v.type === "string" && v.caseExact,
    description: v.description,
    createdAt: now,
  };
  await sql
    .tx(function* () {
      const count = yield* get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM "CustomAttribute" WHERE "tenantId" = ?`,
        [tenantId],
      );
      if (Number(count?.n ?? 0) >= MAX_CUSTOM_ATTRIBUTES) {
        throw new AppError(`A tenant can define at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes`);
      }
      yield* run(
        `INSERT INTO "CustomAttribute" (${Object.keys(row)
          .map((c) => `"${c}"`)
          .join(", ")}) VALUES (${Object.keys(row)
          .map(() => "?")
          .join(", ")})`,
        Object.values(row),
      );
      yield* audit({
        tenantId,
        actor,
        action: "custom_attribute.defined",
        target: `${v.schemaUrn}:${v.name}`,
        detail: `${v.type}${v.multiValued ? ", multi-valued" : ""}`,
      });
      yield* recordEvent(sql.dialect, {
        tenantId,
        type: "custom_attribute.defined",
        idpId: null,
        data: { schema: v.schemaUrn, name: v.name, type: v.type, multiValued: v.multiValued },
      });
    })
    .catch((error: unknown) => {
      if (error instanceof UniqueViolation) {
        throw AppError.invalidFields({ name: `"${v.name}" is already defined in this schema` });
      }
      throw error;
    });
  cache.delete(tenantId);
  return { ...row, type: v.type };
}

/**
 * A path into the user document (JSON path on SQLite, text[] on PostgreSQL). URNs and names are
 * restricted to letters, digits and ".:_-" by the definition's validation, so quoting is safe.
 */
function docPath(dialect: Dialect, keys: string[]): string {
  return dialect === "sqlite" ? `$${keys.map((k) => `."${k}"`).join("")}` : `{${keys.join(",")}}`;
}

/**
 * Removes a definition and every stored value of it (each affected user's document loses the
 * attribute and gets a new version): a value nobody defines could be neither read nor changed.
 * Returns how many users had a value.
 */
export async function removeCustomAttribute(tenantId: string, actor: Actor, id: string): Promise<number> {
  const { sql } = await db();
  const found = await sql.get<{ schemaUrn: string; name: string }>(
    `SELECT "schemaUrn", name FROM "CustomAttribute" WHERE "tenantId" = ? AND id = ?`,
    [tenantId, id],
  );
  if (!found) throw new AppError("This custom attribute no longer exists", { code: "not_found" });
  const { schemaUrn, name } = found;
  const sqlite = sql.dialect === "sqlite";
  const attrPath = docPath(sql.dialect, [schemaUrn, name]);
  const urnPath = docPath(sql.dialect, [schemaUrn]);
  const now = new Date();
  const changed = await sql.tx(function* () {
    yield* run(`DELETE FROM "CustomAttribute" WHERE "tenantId" = ? AND id = ?`, [tenantId, id]);
    const { changes } = yield* run(
      sqlite
        ? `UPDATE "ScimUser" SET doc = json_remove(doc, ?), version = version + 1, "updatedAt" = ?
            WHERE "tenantId" = ? AND json_type(doc, ?) IS NOT NULL`
        : `UPDATE "ScimUser" SET doc = doc #- ?::text[], version = version + 1, "updatedAt" = ?
            WHERE "tenantId" = ? AND doc #> ?::text[] IS NOT NULL`,
      [attrPath, now, tenantId, attrPath],
    );
    // An extension object left empty goes too, as after a PATCH that removes its last attribute.
    yield* run(
      sqlite
        ? `UPDATE "ScimUser" SET doc = json_remove(doc, ?) WHERE "tenantId" = ? AND json_extract(doc, ?) = '{}'`
        : `UPDATE "ScimUser" SET doc = doc #- ?::text[] WHERE "tenantId" = ? AND doc #> ?::text[] = '{}'::jsonb`,
      [urnPath, tenantId, urnPath],
    );
    yield* audit({
      tenantId,
      actor,
      action: "custom_attribute.removed",
      target: `${schemaUrn}:${name}`,
      detail: `values removed from ${changes} user${changes === 1 ? "" : "s"}`,
    });
    yield* recordEvent(sql.dialect, {
      tenantId,
      type: "custom_attribute.removed",
      idpId: null,
      data: { schema: schemaUrn, name, usersAffected: changes },
    });
    return changes;
  });
  cache.delete(tenantId);
  return changed;
}

/** How many users hold a value of the attribute (what removing it would erase). */
export async function customAttributeUsage(tenantId: string, attribute: CustomAttribute): Promise<number> {
  const { sql } = await db();
  const sqlite = sql.dialect === "sqlite";
  const row = await sql.get<{ n: number }>(
    sqlite
      ? `SELECT COUNT(*) AS n FROM "ScimUser" WHERE "tenantId" = ? AND json_type(doc, ?) IS NOT NULL`
      : `SELECT COUNT(*) AS n FROM "ScimUser" WHERE "tenantId" = ? AND doc #> ?::text[] IS NOT NULL`,
    [tenantId, docPath(sql.dialect, [attribute.schemaUrn, attribute.name])],
  );
  return Number(row?.n ?? 0);
}

export type UndefinedAttribute = {
  /** The attribute as the client sent it (URN-qualified when it was). */
  path: string;
  /** Where a definition would put it. */
  schemaUrn: string;
  name: string;
  requests: number;
  lastAt: Date;
  userAgent: string | null;
};

/**
 * User attributes provisioning clients sent in the last week that no definition covers (their
 * requests were refused with 400), newest first — what the portal offers to define.
 */
export async function undefinedAttributes(
  tenantId: string,
  { idpId, now = new Date() }: { idpId?: string; now?: Date } = {},
): Promise<UndefinedAttribute[]> {
  const { sql } = await db();
  const rows = await sql.all<{ path: string; requests: number; lastAt: unknown; userAgent: string | null }>(
    `SELECT "unknownAttribute" AS path, COUNT(*) AS requests, MAX(at) AS "lastAt", MAX("userAgent") AS "userAgent"
       FROM "ScimRequestLog"
      WHERE "tenantId" = ? AND at >= ? AND "unknownAttribute" IS NOT NULL AND "resourceType" = 'User'${idpId ? ` AND "idpId" = ?` : ""}
      GROUP BY "unknownAttribute" ORDER BY MAX(at) DESC LIMIT 20`,
    [tenantId, new Date(now.getTime() - 7 * 86_400_000), ...(idpId ? [idpId] : [])],
  );
  const defined = await listCustomAttributes(tenantId);
  const keys = new Set(defined.map((d) => attributeKey(d.schemaUrn, d.name)));
  const names = new Set(defined.map((d) => d.name.toLowerCase()));
  return rows.flatMap((r) => {
    const { schemaUrn, name } = splitSentPath(r.path);
    const covered = /^urn:/i.test(r.path)
      ? keys.has(attributeKey(schemaUrn, name))
      : names.has(name.toLowerCase());
    if (covered) return [];
    return [
      {
        path: r.path,
        schemaUrn,
        name,
        requests: Number(r.requests),
        lastAt: toDate(r.lastAt)!,
        userAgent: r.userAgent,
      },
    ];
  });
}
