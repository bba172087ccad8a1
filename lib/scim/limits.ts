/** The documented limits of the SCIM endpoint (advertised in /ServiceProviderConfig). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_RESULTS = 1000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PATCH_OPERATIONS = 1000;
export const BULK_LIMITS = { maxOperations: 1000, maxPayloadSize: MAX_BODY_BYTES };
