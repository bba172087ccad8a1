/**
 * When provisioning needs an administrator: the thresholds the Health tab warns at and the alerts
 * (lib/alerts) mail at, in one place so both say the same thing.
 */
import { env } from "@/lib/env";
import { formatMinutes } from "@/lib/format";

/** More than this share of an hour's requests failing is worth a look (Entra quarantines at 40%). */
export const ERROR_RATE_WARNING = 0.1;

/** Whether `failed` of `requests` is more than the warning share (none of none is not). */
export function errorRateExceeded(requests: number, failed: number): boolean {
  return requests > 0 && failed / requests > ERROR_RATE_WARNING;
}

/**
 * How long an identity provider with provisioning on may stay silent before it counts as idle:
 * PROVISIONING_IDLE_MINUTES, by default two of Entra's 40-minute provisioning cycles.
 */
export function idleAfterMs(): number {
  return env().PROVISIONING_IDLE_MINUTES * 60_000;
}

/**
 * Since when an identity provider has been silent, from its active tokens: the newest of their
 * last uses and creations (a token made after the last call restarts the wait). Null: no token.
 */
export function silentSince(tokens: readonly { lastUsedAt: Date | null; createdAt: Date }[]): Date | null {
  let since: Date | null = null;
  for (const t of tokens) {
    const at = t.lastUsedAt ?? t.createdAt;
    if (!since || at > since) since = at;
  }
  return since;
}

/** That duration as a person says it ("80 minutes"). */
export function idleAfterText(): string {
  return formatMinutes(env().PROVISIONING_IDLE_MINUTES);
}
