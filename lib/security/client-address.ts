/**
 * The client's network address, for per-address limits and logs.
 *
 * The server preload (scripts/lib/client-address.mjs) puts the TCP peer's address in an internal
 * header, replacing any copy a client sent. Forwarded headers are believed only as far as the
 * operator says (TRUST_PROXY):
 *
 * - unset, empty, `0`, `false` or `none` (default): no proxy is trusted; the address is the peer's.
 * - a hop count `N`: the N nearest hops are trusted proxies (the peer and N−1 X-Forwarded-For
 *   entries from the right); the client is the entry before them.
 * - a comma-separated list of addresses and CIDR ranges (`10.0.0.0/8, 2001:db8::/32`, and the
 *   names `loopback` and `private`): hops are skipped from the right while they are listed; the
 *   client is the first one that is not.
 *
 * Without the preload (`next dev`) the peer is unknown and every request counts as "unknown".
 */
import net from "node:net";
import { env } from "@/lib/env";
import type { TrustProxy } from "@/lib/env/trust-proxy";

/** Must match scripts/lib/client-address.mjs. */
export const CLIENT_ADDRESS_HEADER = "x-rollcall-client-address";

/**
 * An address as one canonical string: brackets and ports removed, IPv4-mapped IPv6 as IPv4, IPv6
 * in lower case. Null when it is not an IP address.
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let value = (raw ?? "").trim();
  if (!value) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped) value = mapped[1]!;
  return net.isIP(value) ? value : null;
}

function trusted(address: string, trust: TrustProxy & { kind: "list" }): boolean {
  return trust.list.check(address, net.isIPv4(address) ? "ipv4" : "ipv6");
}

/**
 * The client's address from the peer's and the X-Forwarded-For chain, believing only trusted hops.
 * A hop that is not an address ends the walk (a proxy appends addresses; a client writes anything).
 */
export function resolveClientAddress(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  trust: TrustProxy,
): string {
  const socket = normalizeAddress(peer);
  if (!socket) return "unknown";
  if (trust.kind === "none") return socket;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  // The chain as the nearest proxy sees it: the original client first, the peer last.
  const chain: (string | null)[] = [...hops.map(normalizeAddress), socket];
  if (trust.kind === "hops") {
    // Walk back over `hops` trusted proxies; stop early at an entry that is not an address.
    let index = chain.length - 1;
    for (let n = 0; n < trust.hops && index > 0; n++) {
      if (chain[index - 1] === null) break;
      index -= 1;
    }
    return chain[index] ?? socket;
  }
  let index = chain.length - 1;
  while (index > 0 && trusted(chain[index]!, trust)) {
    if (chain[index - 1] === null) break;
    index -= 1;
  }
  return chain[index] ?? socket;
}

/** The address of the client that sent a request (see the module comment). */
export function clientAddress(headers: Headers): string {
  return resolveClientAddress(
    headers.get(CLIENT_ADDRESS_HEADER),
    headers.get("x-forwarded-for"),
    env().TRUST_PROXY,
  );
}

/**
 * The key a per-address limit counts under: the address itself for IPv4, the /64 network for
 * IPv6 (one subscriber usually holds a whole /64, so single IPv6 addresses cost nothing to change).
 */
export function addressBucket(address: string): string {
  if (!net.isIPv6(address)) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}
