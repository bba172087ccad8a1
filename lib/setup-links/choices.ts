/** How long a set-up link can be valid (what the admin chooses from), safe for the browser's bundle. */
export const SETUP_LINK_VALIDITY = { "24h": "24 hours", "7d": "7 days" } as const;
export type SetupLinkValidity = keyof typeof SETUP_LINK_VALIDITY;
