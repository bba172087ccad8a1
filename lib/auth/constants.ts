/** Shared with client components, so it must not import server-only modules. */
export const MIN_PASSWORD_LENGTH = 10;
