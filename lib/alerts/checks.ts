/**
 * The periodic checks that raise alerts (lib/alerts/service.ts), every ALERT_CHECK_SECONDS on each
 * instance (the AlertSent claim makes instances agree): a tripped deprovisioning guard
 * (./guard.ts), a provisioning error rate or an idle identity provider (./provisioning.ts), and
 * refused sign-ins (./sign-in.ts). Certificates expiring are alerted where they are announced
 * (lib/identity-providers/certificate-expiry.ts). Without SMTP nothing is checked.
 */
import { env } from "@/lib/env";
import { logError } from "@/lib/log";
import { mailEnabled } from "@/lib/mail/transport";
import { alertTrippedGuards } from "./guard";
import { alertErrorRates, alertIdleProvisioning } from "./provisioning";
import { alertSignInFailures } from "./sign-in";

const CHECKS = {
  guard_tripped: alertTrippedGuards,
  error_rate: alertErrorRates,
  token_idle: alertIdleProvisioning,
  sso_failures: alertSignInFailures,
};

/** Runs every check; one that fails is logged and the others still run. Companies alerted, per kind. */
export async function runAlertChecks(now = new Date()): Promise<Record<keyof typeof CHECKS, number>> {
  const alerted = { guard_tripped: 0, error_rate: 0, token_idle: 0, sso_failures: 0 };
  if (!mailEnabled()) return alerted;
  for (const [kind, check] of Object.entries(CHECKS) as [keyof typeof CHECKS, typeof alertTrippedGuards][]) {
    try {
      alerted[kind] = await check(now);
    } catch (error) {
      logError("alerts", `the ${kind} alert check failed`, error);
    }
  }
  return alerted;
}

const timers = globalThis as typeof globalThis & { __rollcallAlertChecks?: NodeJS.Timeout };

export function startAlertChecks(): void {
  const seconds = env().ALERT_CHECK_SECONDS;
  if (seconds <= 0 || timers.__rollcallAlertChecks) return;
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    runAlertChecks().finally(() => {
      running = false;
    });
  };
  timers.__rollcallAlertChecks = setInterval(check, seconds * 1000);
  timers.__rollcallAlertChecks.unref();
}
