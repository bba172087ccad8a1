import { env } from "@/lib/env";

/** When verified email domains are re-checked, and how long one without its record keeps routing. */
export const HOUR_MS = 3_600_000;

/** How often a verified domain is re-checked (0 turns the periodic re-check off). */
export function recheckIntervalMs(): number {
  return env().DOMAIN_RECHECK_HOURS * HOUR_MS;
}

/** How long a verified domain whose record is missing keeps routing. */
export function graceMs(): number {
  return env().DOMAIN_GRACE_HOURS * HOUR_MS;
}

/**
 * While a verified domain's record is missing, it is looked at this often; it is un-verified at
 * the first look after the grace period.
 */
export function retryMs(): number {
  return Math.min(recheckIntervalMs() || HOUR_MS, HOUR_MS);
}
