/** The User resource: RFC 7643 core User, the enterprise extension, and uniFLOW Online's extension. */
import { MAX_INDEXED_TEXT } from "../limits";
import { bool, complex, multi, ref, str, type SchemaDef } from "./types";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const UNIFLOW_SCHEMA = "urn:ietf:params:scim:schemas:extension:uniFLOWOnline:2.0:User";

export const userSchema: SchemaDef = {
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    str(
      "userName",
      "Unique identifier for the User, typically used to sign in. Unique per tenant, case-insensitive.",
      { required: true, uniqueness: "server", maxLength: MAX_INDEXED_TEXT },
    ),
    complex("name", "The components of the user's real name", [
      str("formatted", "The full name, formatted for display"),
      str("familyName", "The family name of the User"),
      str("givenName", "The given name of the User"),
      str("middleName", "The middle name(s) of the User"),
      str("honorificPrefix", "The honorific prefix(es) of the User"),
      str("honorificSuffix", "The honorific suffix(es) of the User"),
    ]),
    str("displayName", "The name of the User, suitable for display to end-users"),
    str("nickName", "The casual way to address the user"),
    ref("profileUrl", "A fully qualified URL pointing to a page representing the User's online profile", [
      "external",
    ]),
    str("title", 'The user\'s title, such as "Vice President"'),
    str("userType", "The relationship between the organization and the user"),
    str("preferredLanguage", "The User's preferred written or spoken language"),
    str("locale", "The User's default location for localizing items"),
    str("timezone", "The User's time zone in IANA Time Zone database format"),
    bool("active", "The User's administrative status"),
    str("password", "The User's cleartext password. Accepted and discarded: users sign in through SSO.", {
      mutability: "writeOnly",
      returned: "never",
    }),
    multi("emails", "Email addresses for the user", {
      types: ["work", "home", "other"],
      valueOptions: { maxLength: MAX_INDEXED_TEXT },
    }),
    multi("phoneNumbers", "Phone numbers for the User", {
      types: ["work", "home", "mobile", "fax", "pager", "other"],
    }),
    multi("ims", "Instant messaging addresses for the User", {
      types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
    }),
    multi("photos", "URLs of photos of the User", {
      valueType: "reference",
      referenceTypes: ["external"],
      types: ["photo", "thumbnail"],
    }),
    complex(
      "addresses",
      "A physical mailing address for this User",
      [
        str("formatted", "The full mailing address, formatted for display"),
        str("streetAddress", "The full street address component"),
        str("locality", "The city or locality component"),
        str("region", "The state or region component"),
        str("postalCode", "The zip code or postal code component"),
        str("country", "The country name component"),
        str("type", "A label indicating the address function", {
          canonicalValues: ["work", "home", "other"],
        }),
        bool("primary", "Whether this is the primary address"),
      ],
      { multiValued: true },
    ),
    complex(
      "groups",
      "The groups the user belongs to (read-only; managed through Groups)",
      [
        str("value", "The identifier of the User's group", { mutability: "readOnly" }),
        ref("$ref", "The URI of the corresponding Group resource", ["Group"], { mutability: "readOnly" }),
        str("display", "The displayName of the User's group", { mutability: "readOnly" }),
        str("type", "How the membership is derived", {
          mutability: "readOnly",
          canonicalValues: ["direct", "indirect"],
        }),
      ],
      { multiValued: true, mutability: "readOnly" },
    ),
    multi("entitlements", "Entitlements of the User"),
    multi("roles", "Roles of the User"),
    multi("x509Certificates", "X.509 certificates of the User", { valueType: "binary" }),
  ],
};

export const enterpriseSchema: SchemaDef = {
  id: ENTERPRISE_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person by the organization"),
    str("costCenter", "Identifies the name of a cost center"),
    str("organization", "Identifies the name of an organization"),
    str("division", "Identifies the name of a division"),
    str("department", "Identifies the name of a department"),
    complex("manager", "The User's manager", [
      str("value", "The id of the SCIM resource representing the User's manager", { caseExact: true }),
      ref("$ref", "The URI of the SCIM resource representing the User's manager", ["User"]),
      str("displayName", "The displayName of the User's manager", { mutability: "readOnly" }),
    ]),
  ],
};

export const uniflowSchema: SchemaDef = {
  id: UNIFLOW_SCHEMA,
  name: "uniFLOWOnlineUser",
  description: "uniFLOW Online user attributes (card and PIN identification at printers)",
  attributes: [
    str("cardNumber", "The number of the user's identification card"),
    str("cardRegistrationCode", "A code the user enters to register an identification card"),
    str("localUsername", "The user's name on local systems"),
    str("pin", "The user's PIN. Write-only: stored as a hash and never returned.", {
      mutability: "writeOnly",
      returned: "never",
    }),
  ],
};
