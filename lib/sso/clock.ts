import { env } from "@/lib/env";

/** Allowed difference between the identity provider's clock and ours (SSO_CLOCK_SKEW_SECONDS). */
export const CLOCK_SKEW_MS = env().SSO_CLOCK_SKEW_SECONDS * 1000;
