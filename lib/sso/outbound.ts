/**
 * The one way Rollcall calls an OpenID Connect identity provider (discovery, JWKS, token, userinfo):
 * a `fetch` for openid-client that connects only to public addresses — the rule webhooks follow
 * (lib/webhooks/address.ts), checked on the address actually connected to, so a DNS answer that
 * changes between the check and the connection cannot point it inside — except for the hosts the
 * operator trusts for sign-in (SSO_TRUSTED_LOGIN_HOSTS), which may be on the operator's own network.
 * Redirects are not followed, answers are read up to 1 MiB, and a call gives up after 10 seconds.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { classifyAddress } from "@/lib/webhooks/address";
import { hostOf, lookupChecking } from "@/lib/webhooks/outbound";
import { operatorTrustsHost } from "./destination";

const TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;
/** Statuses whose Response may not have a body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

export class IdpAddressRefused extends Error {
  override readonly name = "IdpAddressRefused";
  constructor(host: string, address: string, kind: string) {
    super(
      `${host} resolves to ${address}, a ${kind} address: identity providers must be on public addresses (or on a host the operator trusts in SSO_TRUSTED_LOGIN_HOSTS)`,
    );
  }
}

function checkIdpAddress(host: string, address: string): void {
  if (operatorTrustsHost(host)) return;
  const kind = classifyAddress(address);
  if (kind !== "public") throw new IdpAddressRefused(host, address, kind);
}

const lookup = lookupChecking(checkIdpAddress);

type FetchInit = {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: unknown;
  signal?: AbortSignal | null;
};

/** openid-client's `customFetch`: the request, under the rules above. */
export function idpFetch(url: string, init: FetchInit = {}): Promise<Response> {
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    return Promise.reject(new Error("only http(s) URLs are fetched"));
  }
  const host = hostOf(target);
  // A literal address is connected to without a lookup: check it here.
  if (net.isIP(host)) checkIdpAddress(host, host);
  const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
  const body =
    typeof init.body === "string" || init.body instanceof URLSearchParams ? String(init.body) : undefined;
  const signal = AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), ...(init.signal ? [init.signal] : [])]);
  return new Promise<Response>((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(
      {
        protocol: target.protocol,
        hostname: host,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? "GET",
        headers: { ...headers, "user-agent": "Rollcall-SSO/1" },
        lookup,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_BODY_BYTES) {
            response.destroy();
            reject(new Error(`the answer from ${host} is larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("error", reject);
        response.on("end", () => {
          const status = response.statusCode ?? 502;
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
              answerHeaders.append(name, v);
            }
          }
          resolve(
            new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
              status,
              headers: answerHeaders,
            }),
          );
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
