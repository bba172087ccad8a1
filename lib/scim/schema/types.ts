/** RFC 7643 §7 attribute and schema definitions, as data. */
export type AttributeType =
  "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex" | "binary";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export type AttributeDef = {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
  /** Characters a value may have (not published: SCIM has no characteristic for it). */
  maxLength?: number;
};

export type SchemaDef = {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
};

export type ResourceTypeDef = {
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: SchemaDef;
  /** `custom`: an extension a tenant's administrators defined (see lib/custom-attributes). */
  extensions: { schema: SchemaDef; required: boolean; custom?: boolean }[];
};

type Options = Partial<Omit<AttributeDef, "name" | "type" | "subAttributes">>;

export function attr(
  name: string,
  type: AttributeType,
  description: string,
  options: Options = {},
): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options,
  };
}

export const str = (name: string, description: string, options?: Options) =>
  attr(name, "string", description, options);
export const bool = (name: string, description: string, options?: Options) =>
  attr(name, "boolean", description, options);
// RFC 7643 §2.3.6–7: references and binary values are case exact.
export const ref = (name: string, description: string, referenceTypes: string[], options?: Options) =>
  attr(name, "reference", description, { referenceTypes, caseExact: true, ...options });
export const dateTime = (name: string, description: string, options?: Options) =>
  attr(name, "dateTime", description, options);
export const binary = (name: string, description: string, options?: Options) =>
  attr(name, "binary", description, { caseExact: true, ...options });

export function complex(
  name: string,
  description: string,
  subAttributes: AttributeDef[],
  options?: Options,
): AttributeDef {
  return { ...attr(name, "complex", description, options), subAttributes };
}

/** A multi-valued attribute of the RFC's common shape: value, display, type, primary (+ extra). */
export function multi(
  name: string,
  description: string,
  {
    valueType = "string",
    types,
    extra = [],
    referenceTypes,
    options = {},
    valueOptions = {},
  }: {
    valueType?: AttributeType;
    types?: string[];
    extra?: AttributeDef[];
    referenceTypes?: string[];
    options?: Options;
    valueOptions?: Options;
  } = {},
): AttributeDef {
  return {
    ...attr(name, "complex", description, { multiValued: true, ...options }),
    subAttributes: [
      attr("value", valueType, `The value of ${name}`, {
        caseExact: valueType === "reference" || valueType === "binary",
        ...(referenceTypes ? { referenceTypes } : {}),
        ...valueOptions,
      }),
      str("display", "A human-readable name, primarily used for display purposes", {
        mutability: "readWrite",
      }),
      str("type", `A label indicating the ${name} function`, types ? { canonicalValues: types } : {}),
      bool("primary", "Whether this is the primary value"),
      ...extra,
    ],
  };
}
