/**
 * Custom attributes: what a definition may say, and how a tenant's definitions become SCIM
 * extension schemas (one per schema URN) of its User resource type.
 */
import { z } from "zod";
import { commonAttributes } from "@/lib/scim/schema/common";
import { GROUP_SCHEMA } from "@/lib/scim/schema/group";
import { attr, type AttributeType, type SchemaDef } from "@/lib/scim/schema/types";
import { ENTERPRISE_SCHEMA, UNIFLOW_SCHEMA, USER_SCHEMA, userSchema } from "@/lib/scim/schema/user";

/** The extension URN attributes go under unless the administrator names another. */
export const DEFAULT_EXTENSION_URN = "urn:ietf:params:scim:schemas:extension:rollcall:2.0:User";

export const ATTRIBUTE_TYPES = ["string", "boolean", "integer", "decimal", "dateTime", "reference"] as const;
export type CustomAttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const ATTRIBUTE_TYPE_LABELS: Record<CustomAttributeType, string> = {
  string: "Text",
  boolean: "True / false",
  integer: "Whole number",
  decimal: "Decimal number",
  dateTime: "Date and time",
  reference: "URL (reference)",
};

/** At most this many custom attributes per tenant (every one is published in /Schemas). */
export const MAX_CUSTOM_ATTRIBUTES = 100;

const RESERVED_URNS = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA, UNIFLOW_SCHEMA].map((u) =>
  u.toLowerCase(),
);
const TAKEN_NAMES = new Set([...commonAttributes, ...userSchema.attributes].map((a) => a.name.toLowerCase()));

/** RFC 7643 §2.1 ATTRNAME: a letter, then letters, digits, "-" or "_". */
const ATTRNAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** A URN the SCIM filter and PATCH path grammar can carry (lib/scim/filter.ts). */
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9.:_-]*[A-Za-z0-9]$/;

export const customAttributeSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter the attribute's name, as the identity provider sends it")
    .max(64, "Use at most 64 characters")
    .regex(ATTRNAME, "Start with a letter; then use letters, digits, - or _ (no spaces or dots)")
    .refine(
      (n) => !TAKEN_NAMES.has(n.toLowerCase()),
      "This is already a core User attribute: map the identity provider's value to it instead",
    ),
  schemaUrn: z
    .string()
    .trim()
    .max(200, "Use at most 200 characters")
    .transform((v) => v || DEFAULT_EXTENSION_URN)
    .refine(
      (v) => URN.test(v),
      "Enter a schema URN such as urn:ietf:params:scim:schemas:extension:acme:2.0:User",
    )
    .refine(
      (v) => !RESERVED_URNS.includes(v.toLowerCase()),
      "This schema is built in: its attributes are fixed. Use your own extension URN",
    )
    .refine((v) => !/^urn:ietf:params:scim:(api|schemas:core):/i.test(v), "This URN is reserved by SCIM"),
  type: z.enum(ATTRIBUTE_TYPES, { message: "Choose a type" }),
  multiValued: z.boolean().default(false),
  caseExact: z.boolean().default(false),
  description: z.string().trim().max(500, "Use at most 500 characters").default(""),
});

export type CustomAttributeInput = z.input<typeof customAttributeSchema>;

export type CustomAttribute = {
  id: string;
  schemaUrn: string;
  name: string;
  type: CustomAttributeType;
  multiValued: boolean;
  caseExact: boolean;
  description: string;
  createdAt: Date;
};

/** The lookup key of a definition: URNs and attribute names compare case-insensitively. */
export function attributeKey(schemaUrn: string, name: string): string {
  return `${schemaUrn}:${name}`.toLowerCase();
}

/** Splits a path a client sent (`costCenter`, `urn:…:2.0:User:costCenter`) into URN and name. */
export function splitSentPath(path: string): { schemaUrn: string; name: string } {
  const at = path.lastIndexOf(":");
  if (!/^urn:/i.test(path) || at < 0) return { schemaUrn: DEFAULT_EXTENSION_URN, name: path.split(".")[0]! };
  return { schemaUrn: path.slice(0, at), name: path.slice(at + 1).split(".")[0]! };
}

function schemaName(urn: string): string {
  // urn:ietf:params:scim:schemas:extension:acme:2.0:User → acme
  const parts = urn.split(":");
  const i = parts.findIndex((p) => p.toLowerCase() === "extension");
  return (i >= 0 && parts[i + 1]) || parts[parts.length - 1]!;
}

/** The tenant's definitions as extension schemas of its User resource type, one per URN. */
export function toSchemas(definitions: readonly CustomAttribute[]): SchemaDef[] {
  const byUrn = new Map<string, SchemaDef>();
  for (const d of definitions) {
    const key = d.schemaUrn.toLowerCase();
    let schema = byUrn.get(key);
    if (!schema) {
      schema = {
        id: d.schemaUrn,
        name: schemaName(d.schemaUrn),
        description: "Attributes this tenant's administrators defined",
        attributes: [],
      };
      byUrn.set(key, schema);
    }
    schema.attributes.push(
      attr(d.name, d.type as AttributeType, d.description || `Custom attribute ${d.name}`, {
        multiValued: d.multiValued,
        caseExact: d.type === "string" ? d.caseExact : d.type === "reference",
        ...(d.type === "reference" ? { referenceTypes: ["external"] } : {}),
      }),
    );
  }
  return [...byUrn.values()];
}
