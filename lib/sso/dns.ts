/**
 * DNS look-ups for email-domain verification: the TXT records at `_rollcall.<domain>` and at the
 * domain itself, through Node's resolver. `DNS_SERVERS` (comma-separated `ip` or `ip:port`, IPv6
 * as `[addr]:port`) replaces the system's resolvers, e.g. for a local test server.
 */
import { promises as dns } from "node:dns";
import { env } from "@/lib/env";

export const VERIFICATION_PREFIX = "rollcall-verification=";
export const RECORD_LABEL = "_rollcall";

const TIMEOUT_MS = 2500;
const TRIES = 2;
/** Answers that mean "no such record", as opposed to a resolver that did not answer. */
const ABSENT = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "NODATA"]);

export type TxtLookup = {
  /** Every `rollcall-verification=` value found at either name. */
  tokens: Set<string>;
  /** Why no token was found: the record is absent, or DNS did not answer (an error code). */
  problem: { kind: "absent" } | { kind: "dns_error"; code: string } | null;
};

/** The configured DNS servers, or null for the system's. Throws when DNS_SERVERS cannot be read. */
export function configuredDnsServers(): string[] | null {
  const servers = env().DNS_SERVERS;
  return servers.length > 0 ? servers : null;
}

function resolver(): dns.Resolver {
  // A new resolver per look-up: nothing is cached between checks, so a removed record is noticed.
  const r = new dns.Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
  const servers = configuredDnsServers();
  if (servers) {
    try {
      r.setServers(servers);
    } catch {
      throw new Error("DNS_SERVERS is not a list of IP addresses with optional ports");
    }
  }
  return r;
}

function errorCode(error: unknown): string {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return "EUNKNOWN";
}

/** Reads a TXT value as an admin may have pasted it: surrounding quotes and spaces do not matter. */
export function verificationToken(txt: string): string | null {
  const value = txt
    .trim()
    .replace(/^"(.*)"$/s, "$1")
    .trim();
  if (!value.toLowerCase().startsWith(VERIFICATION_PREFIX)) return null;
  return value.slice(VERIFICATION_PREFIX.length).trim() || null;
}

/** Looks up both names at once; a token at either counts. */
export async function lookupVerificationTokens(domain: string): Promise<TxtLookup> {
  const r = resolver();
  const results = await Promise.allSettled([r.resolveTxt(`${RECORD_LABEL}.${domain}`), r.resolveTxt(domain)]);
  const tokens = new Set<string>();
  let dnsError: string | null = null;
  for (const result of results) {
    if (result.status === "fulfilled") {
      for (const chunks of result.value) {
        const token = verificationToken(chunks.join(""));
        if (token) tokens.add(token);
      }
    } else {
      const code = errorCode(result.reason);
      if (!ABSENT.has(code)) dnsError ??= code;
    }
  }
  if (tokens.size > 0) return { tokens, problem: null };
  return { tokens, problem: dnsError ? { kind: "dns_error", code: dnsError } : { kind: "absent" } };
}
