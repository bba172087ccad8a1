/** Allowed difference between the identity provider's clock and ours (SSO_CLOCK_SKEW_SECONDS). */
function skewSeconds(): number {
  const value = Number(process.env.SSO_CLOCK_SKEW_SECONDS ?? "180");
  return Number.isFinite(value) && value >= 0 ? value : 180;
}

export const CLOCK_SKEW_MS = skewSeconds() * 1000;
