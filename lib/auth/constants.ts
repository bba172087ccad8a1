/** Shared with client components, so it must not import server-only modules. */
export const MIN_PASSWORD_LENGTH = 10;

/** The sign-in error when throttling holds an account or address back. */
export const TOO_MANY_ATTEMPTS = "too-many-attempts";

/** How long a password reset link works (lib/accounts/password-reset.ts). */
export const RESET_MINUTES = 30;
