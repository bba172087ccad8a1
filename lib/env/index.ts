/**
 * Rollcall's settings from the environment: one schema, read once per process. A value that is set
 * but invalid stops the server at start (instrumentation.ts) with a message naming the variable,
 * instead of silently falling back to a default. Everything has a default that needs nothing set
 * to try Rollcall; `.env.example` documents each variable.
 */
import { z } from "zod";
import { parseTrustProxy } from "./trust-proxy";

/** An unset or blank variable takes the default. */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** A number ≥ 0 (0 usually turns something off). */
const atLeastZero = (fallback: number) =>
  z.preprocess(blank, z.coerce.number().finite().min(0).default(fallback));

/** A whole number ≥ 0 (a limit: 0 turns it off). */
const count = (fallback: number) => z.preprocess(blank, z.coerce.number().int().min(0).default(fallback));

/** A whole number ≥ 1. */
const positive = (fallback: number) => z.preprocess(blank, z.coerce.number().int().min(1).default(fallback));

/** Comma- or space-separated values. */
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );

const url = z.preprocess(blank, z.url({ protocol: /^https?$/ }).optional());

const schema = z.object({
  // Where the data lives, and where the app's files are (migrations, worker scripts).
  DATABASE_URL: z.preprocess(blank, z.string().default("file:./data/rollcall.db")),
  DATABASE_POOL_SIZE: positive(10),
  ROLLCALL_DATA_DIR: z.preprocess(blank, z.string().default("data")),
  ROLLCALL_ROOT: z.preprocess(blank, z.string().optional()),
  // The public URL and the session secret.
  APP_URL: url,
  NEXTAUTH_URL: url,
  NEXTAUTH_SECRET: z.preprocess(blank, z.string().optional()),
  /** The OpenID Provider's issuer (lib/oidc), when it is not APP_URL: an origin, without a path. */
  OIDC_ISSUER: z.preprocess(
    blank,
    z
      .url({ protocol: /^https?$/ })
      .refine(
        (v) => /^https?:\/\/[^/?#]+\/?$/.test(v),
        "must be an origin (https://host[:port]), without a path",
      )
      .optional(),
  ),
  // Caches.
  SCIM_TOKEN_CACHE_SECONDS: atLeastZero(5),
  SCIM_SCHEMA_CACHE_SECONDS: atLeastZero(5),
  API_KEY_CACHE_SECONDS: atLeastZero(5),
  SCIM_LOG_RETENTION_DAYS: z.preprocess(blank, z.coerce.number().finite().positive().default(30)),
  // Directory events and their delivery.
  ROLLCALL_EVENTS: z.preprocess(blank, z.enum(["on", "off"]).default("on")),
  /** Days events and finished webhook deliveries are kept (fractions allowed; 0 = forever). */
  EVENTS_RETENTION_DAYS: atLeastZero(90),
  /** Days the companies' audit logs are kept (fractions allowed; 0 = forever). */
  AUDIT_RETENTION_DAYS: atLeastZero(365),
  WEBHOOK_ALLOW_PRIVATE: z.preprocess(blank, z.enum(["0", "1"]).default("0")).transform((v) => v === "1"),
  WEBHOOK_RETRY_BASE_MS: z.preprocess(blank, z.coerce.number().finite().min(1).default(30_000)),
  WEBHOOK_RETRY_MAX_MS: z.preprocess(
    blank,
    z.coerce
      .number()
      .finite()
      .min(1)
      .default(6 * 3_600_000),
  ),
  WEBHOOK_RETRY_HOURS: atLeastZero(72),
  WEBHOOK_TIMEOUT_MS: z.preprocess(blank, z.coerce.number().finite().min(1).default(10_000)),
  WEBHOOK_CONCURRENCY: positive(64),
  /** Key material for secrets Rollcall must read back (webhook signing secrets). */
  ROLLCALL_SECRET_KEY: z.preprocess(blank, z.string().optional()),
  // Single sign-on and email domains.
  SSO_CLOCK_SKEW_SECONDS: atLeastZero(180),
  SSO_RATE_LIMIT_PER_IP: count(300),
  SSO_PENDING_REQUESTS_PER_IDP: positive(10_000),
  SSO_TRUSTED_LOGIN_HOSTS: list.transform((hosts) => hosts.map((h) => h.toLowerCase())),
  DNS_SERVERS: list,
  DOMAIN_RECHECK_HOURS: atLeastZero(24),
  DOMAIN_GRACE_HOURS: atLeastZero(72),
  // How often signing certificates are checked for expiry (minutes; 0 = never).
  CERTIFICATE_CHECK_MINUTES: atLeastZero(60),
  /** Seconds between the checks that mail alerts to administrators (0 turns them off). */
  ALERT_CHECK_SECONDS: atLeastZero(60),
  /**
   * Minutes without a call after which an identity provider with provisioning on counts as idle
   * (Health warns, administrators are alerted): two of Entra's 40-minute provisioning cycles.
   */
  PROVISIONING_IDLE_MINUTES: z.preprocess(blank, z.coerce.number().finite().positive().default(80)),
  // Client addresses and abuse limits (0 turns a limit off).
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return parseTrustProxy(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  SCIM_RATE_LIMIT_PER_TOKEN: count(2000),
  SCIM_RATE_LIMIT_FAILED_AUTH_PER_IP: count(60),
  API_RATE_LIMIT_PER_KEY: count(1000),
  API_RATE_LIMIT_FAILED_AUTH_PER_IP: count(60),
  SIGNIN_MAX_FAILURES: count(5),
  SIGNIN_MAX_FAILURES_PER_IP: count(50),
  SIGNIN_MAX_FAILURES_PER_EMAIL: count(100),
  SIGNUP_MAX_PER_IP: count(20),
  // Email through SMTP (lib/mail); without SMTP_HOST nothing is sent and the portal shows links.
  SMTP_HOST: z.preprocess(blank, z.string().optional()),
  /** Default: 465 for SMTP_SECURE=tls, else 587. */
  SMTP_PORT: z.preprocess(blank, z.coerce.number().int().min(1).max(65_535).optional()),
  /** starttls: upgrade required (never sends in clear); tls: TLS from the start; none: no TLS. */
  SMTP_SECURE: z.preprocess(blank, z.enum(["starttls", "tls", "none"]).default("starttls")),
  SMTP_USER: z.preprocess(blank, z.string().optional()),
  SMTP_PASSWORD: z.preprocess(blank, z.string().optional()),
  /** The sender: an address, or `Name <address>`. Default: Rollcall <no-reply@APP_URL's host>. */
  MAIL_FROM: z.preprocess(blank, z.string().max(320).optional()),
});

const checked = schema.superRefine((e, ctx) => {
  if (e.SMTP_USER !== undefined && e.SMTP_PASSWORD === undefined)
    ctx.addIssue({ code: "custom", path: ["SMTP_PASSWORD"], message: "must be set with SMTP_USER" });
});

export type Env = z.infer<typeof schema>;

/** Reads an environment (pure: tests pass their own); throws naming every invalid variable. */
export function readEnv(source: Record<string, string | undefined>): Env {
  const parsed = checked.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "");
    // TRUST_PROXY's own message already names it and the entry.
    return issue.message.startsWith(`${name}:`) ? issue.message : `${name}: ${issue.message}`;
  });
  throw new Error(`invalid environment: ${problems.join("; ")}`);
}

// On globalThis: Next.js may bundle this module more than once per process.
const cache = globalThis as typeof globalThis & { __rollcallEnv?: Env };

/** The process's settings, read from process.env on first use. */
export function env(): Env {
  cache.__rollcallEnv ??= readEnv(process.env);
  return cache.__rollcallEnv;
}
