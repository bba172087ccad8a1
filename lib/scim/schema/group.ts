/** The Group resource (RFC 7643 §4.2). Members are users of the same tenant; groups do not nest. */
import { MAX_INDEXED_TEXT } from "../limits";
import { complex, ref, str, type SchemaDef } from "./types";

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

export const groupSchema: SchemaDef = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    str("displayName", "A human-readable name for the Group. Unique per tenant, case-insensitive.", {
      required: true,
      uniqueness: "server",
      maxLength: MAX_INDEXED_TEXT,
    }),
    complex(
      "members",
      "The users in the Group (groups do not nest in Rollcall)",
      [
        str("value", "The id of a User of the same tenant", { mutability: "immutable", caseExact: true }),
        ref("$ref", "The URI of the member", ["User"], { mutability: "immutable" }),
        str("display", "The member's displayName", { mutability: "readOnly" }),
        str("type", "The member's type", { mutability: "immutable", canonicalValues: ["User"] }),
      ],
      { multiValued: true },
    ),
  ],
};
