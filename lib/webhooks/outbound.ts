/**
 * The one way a webhook leaves Rollcall: an HTTP(S) POST that
 *   - connects only to public addresses (./address.ts), checked on the address actually connected
 *     to: the name is resolved, every address checked, and the socket is given exactly those
 *     addresses — no second lookup a rebinding DNS server could answer differently;
 *   - never follows a redirect, gives up after the timeout, reads at most 64 KB of the answer;
 *   - reports each way it can end distinctly (status class, timeout, TLS, DNS, connection,
 *     refused address), with the latency and a short escaped excerpt of the answer.
 * WEBHOOK_ALLOW_PRIVATE=1 turns the address check off (tests).
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { escapeForLog } from "@/lib/log";
import { classifyAddress, privateAddressesAllowed } from "./address";
import { deliveryConcurrency } from "./config";

export type Outcome =
  | "delivered"
  | "redirect"
  | "client_error"
  | "server_error"
  | "timeout"
  | "tls"
  | "dns"
  | "connection"
  | "refused_address"
  | "error";

export type SendResult = {
  outcome: Outcome;
  statusCode: number | null;
  latencyMs: number;
  /** The start of the answer (or the error), control characters escaped. */
  excerpt: string;
};

const EXCERPT_CHARS = 200;
const MAX_READ_BYTES = 64 * 1024;

export class RefusedAddress extends Error {
  override readonly name = "RefusedAddress";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
  ) {
    super(`${host} resolves to ${address}, a ${kind} address: webhooks go to public addresses only`);
  }
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Throws RefusedAddress unless the address is public (or private ones are allowed). */
export function checkAddress(host: string, address: string): void {
  if (privateAddressesAllowed()) return;
  const kind = classifyAddress(address);
  if (kind !== "public") throw new RefusedAddress(host, address, kind);
}

/** Throws when `host` may not be reached at `address`. */
export type AddressCheck = (host: string, address: string) => void;

/** Resolves a name and checks every address it has (all must pass `check`: public, by default). */
export async function resolveChecked(
  host: string,
  check: AddressCheck = checkAddress,
): Promise<dns.LookupAddress[]> {
  if (net.isIP(host)) {
    check(host, host);
    return [{ address: host, family: net.isIP(host) }];
  }
  const addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  for (const a of addresses) check(host, a.address);
  return addresses;
}

/**
 * A socket lookup that resolves, checks, and hands over only the checked addresses: the connection
 * goes to an address that was checked, whatever a second DNS answer would say.
 */
export const lookupChecking =
  (check: AddressCheck): net.LookupFunction =>
  (hostname, options, callback) => {
    resolveChecked(hostname, check).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) {
          callback(
            Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: "ENOTFOUND" }),
            "",
          );
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, usable[0]!.address, usable[0]!.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };

const checkedLookup = lookupChecking(checkAddress);

const agents = globalThis as typeof globalThis & {
  __rollcallWebhookAgents?: { http: http.Agent; https: https.Agent };
};

function agentFor(protocol: string): http.Agent {
  agents.__rollcallWebhookAgents ??= {
    http: new http.Agent({ keepAlive: true, maxSockets: deliveryConcurrency(), lookup: checkedLookup }),
    https: new https.Agent({ keepAlive: true, maxSockets: deliveryConcurrency(), lookup: checkedLookup }),
  };
  return protocol === "https:" ? agents.__rollcallWebhookAgents.https : agents.__rollcallWebhookAgents.http;
}

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "ENODATA", "ESERVFAIL", "EAI_NONAME"]);
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EPIPE",
  "ETIMEDOUT",
  "EADDRNOTAVAIL",
]);

function classifyError(error: unknown, timedOut: boolean): { outcome: Outcome; excerpt: string } {
  const err: NodeJS.ErrnoException = error instanceof Error ? error : new Error(String(error));
  const code = typeof err.code === "string" ? err.code : "";
  const excerpt = escapeForLog(`${code ? `${code}: ` : ""}${err.message}`, EXCERPT_CHARS);
  if (err instanceof RefusedAddress) return { outcome: "refused_address", excerpt };
  if (timedOut) return { outcome: "timeout", excerpt };
  if (DNS_CODES.has(code)) return { outcome: "dns", excerpt };
  if (/CERT|SSL|TLS|EPROTO/.test(code) || /certificate|SSL routines|TLS/i.test(err.message)) {
    return { outcome: "tls", excerpt };
  }
  if (CONNECTION_CODES.has(code) || /socket hang up/i.test(err.message))
    return { outcome: "connection", excerpt };
  return { outcome: "error", excerpt };
}

function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return "delivered";
  if (status >= 300 && status < 400) return "redirect";
  if (status >= 400 && status < 500) return "client_error";
  return "server_error";
}

type Target = { protocol: string; options: http.RequestOptions };

const targets = new Map<string, Target>();

/** A URL parsed and checked once (every attempt to an endpoint goes to the same URL). */
function targetOf(url: string): Target {
  let target: Target | undefined = targets.get(url);
  if (target === undefined) {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("not an http(s) URL");
    target = {
      protocol: parsed.protocol,
      options: {
        protocol: parsed.protocol,
        hostname: hostOf(parsed),
        port: parsed.port || undefined,
        // (https: the certificate is checked against, and SNI names, this host, whatever address
        // the checked lookup gave.)
        path: `${parsed.pathname}${parsed.search}`,
      },
    };
    if (targets.size > 1000) targets.clear();
    targets.set(url, target);
  }
  const found: Target = target;
  // A literal address is connected to without a lookup: check it here (every time: the setting
  // allowing private addresses may change).
  const host = found.options.hostname!;
  if (net.isIP(host)) checkAddress(host, host);
  return found;
}

/** POSTs `body` to `url` with `headers`; never throws. */
export function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  return new Promise<SendResult>((resolve) => {
    let target: Target;
    try {
      target = targetOf(url);
    } catch (error) {
      resolve({ ...classifyError(error, false), statusCode: null, latencyMs: latency() });
      return;
    }
    let timedOut = false;
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const payload = Buffer.from(body, "utf8");
    const request = (target.protocol === "https:" ? https : http).request({
      ...target.options,
      method: "POST",
      agent: agentFor(target.protocol),
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": String(payload.length),
        "user-agent": "Rollcall-Webhooks/1",
      },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on("error", (error) => {
      finish({ ...classifyError(error, timedOut), statusCode: null, latencyMs: latency() });
    });
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let read = 0;
      const done = () => {
        const text = Buffer.concat(chunks)
          .subarray(0, 4 * EXCERPT_CHARS)
          .toString("utf8");
        const location = outcomeOf(status) === "redirect" ? response.headers.location : undefined;
        const excerpt = escapeForLog(location ? `Location: ${location}` : text, EXCERPT_CHARS);
        finish({ outcome: outcomeOf(status), statusCode: status, latencyMs: latency(), excerpt });
      };
      response.on("data", (chunk: Buffer) => {
        if (read < 4 * EXCERPT_CHARS) chunks.push(chunk);
        read += chunk.length;
        // A huge answer is not read to its end (the connection is dropped instead).
        if (read > MAX_READ_BYTES) {
          response.destroy();
          done();
        }
      });
      response.on("end", done);
      response.on("error", (error) => {
        if (settled) return;
        finish({ ...classifyError(error, timedOut), statusCode: status, latencyMs: latency() });
      });
    });
    request.end(payload);
  });
}
