/** RFC 7643 §3.1 common attributes, part of every resource but of no schema's attribute list. */
import { MAX_INDEXED_TEXT } from "../limits";
import { complex, dateTime, ref, str, type AttributeDef } from "./types";

export const commonAttributes: AttributeDef[] = [
  str("id", "Unique identifier of the resource, assigned by Rollcall", {
    mutability: "readOnly",
    returned: "always",
    caseExact: true,
    uniqueness: "server",
  }),
  str("externalId", "The provisioning client's identifier for the resource", {
    caseExact: true,
    maxLength: MAX_INDEXED_TEXT,
  }),
  complex(
    "meta",
    "Resource metadata",
    [
      str("resourceType", "The name of the resource type", { mutability: "readOnly", caseExact: true }),
      dateTime("created", "When the resource was added", { mutability: "readOnly" }),
      dateTime("lastModified", "When the resource was last updated", { mutability: "readOnly" }),
      ref("location", "The URI of the resource", ["uri"], { mutability: "readOnly", caseExact: true }),
      str("version", "The version (ETag) of the resource", { mutability: "readOnly", caseExact: true }),
    ],
    { mutability: "readOnly" },
  ),
];
