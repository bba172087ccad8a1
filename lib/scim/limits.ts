/**
 * The documented limits of the SCIM endpoint. Those SCIM has a place for are advertised in
 * /ServiceProviderConfig (bulk, filter); the others are in the README and in each refusal's detail.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_RESULTS = 1000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PATCH_OPERATIONS = 1000;
export const BULK_LIMITS = { maxOperations: 1000, maxPayloadSize: MAX_BODY_BYTES };
/** The largest startIndex (a 32-bit signed integer): anything past a tenant's resources is empty. */
export const MAX_START_INDEX = 2_147_483_647;
/** How deeply JSON may nest in a request (a SCIM resource needs 4 levels; PATCH and Bulk a few more). */
export const MAX_JSON_DEPTH = 32;
/** Values of one multi-valued attribute (emails, roles, a tenant's lists…). */
export const MAX_VALUES = 1000;
/** Characters of one text value; indexed ones (userName, externalId, email, group name) are shorter. */
export const MAX_TEXT = 2048;
export const MAX_INDEXED_TEXT = 512;
/** Characters of one binary value (base64, e.g. an X.509 certificate). */
export const MAX_BINARY = 16_384;
/** A stored resource document, as JSON text. */
export const MAX_DOCUMENT_CHARS = 128 * 1024;
