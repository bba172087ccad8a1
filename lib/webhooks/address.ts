/**
 * Which addresses a webhook may be sent to: public unicast only. Everything else — loopback,
 * private, unique-local, link-local, CGNAT, multicast, unspecified, documentation and reserved
 * ranges, and cloud metadata services — is refused, in IPv4 and IPv6 alike, including IPv4
 * addresses written inside IPv6 ones (IPv4-mapped, IPv4-compatible, NAT64, 6to4), which would
 * otherwise reach the same hosts by another spelling.
 */
import net from "node:net";
import { env } from "@/lib/env";

export type AddressClass =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "cgnat"
  | "link-local"
  | "metadata"
  | "multicast"
  | "reserved"
  | "invalid";

type Range = readonly [bigint, number, AddressClass];

function v4(text: string): bigint {
  return text.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** IPv4 ranges, most specific first (the first match wins). */
const V4: Range[] = [
  [v4("169.254.169.254"), 32, "metadata"], // AWS, GCP, Azure, OpenStack…
  [v4("168.63.129.16"), 32, "metadata"], // Azure's host services (a public address)
  [v4("100.100.100.200"), 32, "metadata"], // Alibaba Cloud
  [v4("192.0.0.192"), 32, "metadata"], // Oracle Cloud
  [v4("0.0.0.0"), 8, "unspecified"],
  [v4("10.0.0.0"), 8, "private"],
  [v4("100.64.0.0"), 10, "cgnat"],
  [v4("127.0.0.0"), 8, "loopback"],
  [v4("169.254.0.0"), 16, "link-local"],
  [v4("172.16.0.0"), 12, "private"],
  [v4("192.0.0.0"), 24, "reserved"], // IETF protocol assignments
  [v4("192.0.2.0"), 24, "reserved"], // documentation
  [v4("192.88.99.0"), 24, "reserved"], // 6to4 relay anycast
  [v4("192.168.0.0"), 16, "private"],
  [v4("198.18.0.0"), 15, "reserved"], // benchmarking
  [v4("198.51.100.0"), 24, "reserved"], // documentation
  [v4("203.0.113.0"), 24, "reserved"], // documentation
  [v4("224.0.0.0"), 4, "multicast"],
  [v4("240.0.0.0"), 4, "reserved"], // and the broadcast address
];

function classify4(n: bigint): AddressClass {
  for (const [base, bits, kind] of V4) {
    if (n >> BigInt(32 - bits) === base >> BigInt(32 - bits)) return kind;
  }
  return "public";
}

/** Parses an IPv6 address (any spelling node accepts, with an embedded dotted IPv4 tail) to 128 bits. */
function parse6(text: string): bigint | null {
  let s = text.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4(dotted[1]!);
    s = `${s.slice(0, -dotted[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

const inPrefix = (n: bigint, base: bigint, bits: number) =>
  n >> BigInt(128 - bits) === base >> BigInt(128 - bits);

function classify6(n: bigint): AddressClass {
  const low32 = n & 0xffffffffn;
  if (n === 0n) return "unspecified";
  if (n === 1n) return "loopback";
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d (NAT64),
  // 64:ff9b:1::/48 (local NAT64): the IPv4 address decides.
  if (inPrefix(n, 0xffffn << 32n, 96) || inPrefix(n, 0n, 96)) return classify4(low32);
  if (inPrefix(n, 0x0064ff9bn << 96n, 96)) return classify4(low32);
  if (inPrefix(n, 0x0064ff9b0001n << 80n, 48)) return "private";
  // 2002:a.b.c.d::/48 (6to4): the embedded IPv4 address decides.
  if (inPrefix(n, 0x2002n << 112n, 16)) {
    const embedded = classify4((n >> 80n) & 0xffffffffn);
    return embedded === "public" ? "public" : embedded;
  }
  if (n === parse6("fd00:ec2::254")) return "metadata"; // AWS's IPv6 metadata service
  if (inPrefix(n, 0xfc00n << 112n, 7)) return "private"; // unique local
  if (inPrefix(n, 0xfe80n << 112n, 10)) return "link-local";
  if (inPrefix(n, 0xfec0n << 112n, 10)) return "private"; // site-local (deprecated)
  if (inPrefix(n, 0xff00n << 112n, 8)) return "multicast";
  if (inPrefix(n, 0x20010db8n << 96n, 32)) return "reserved"; // documentation
  if (inPrefix(n, 0x3fff0000n << 96n, 20)) return "reserved"; // documentation (RFC 9637)
  if (inPrefix(n, 0x0100n << 112n, 64)) return "reserved"; // discard-only
  if (inPrefix(n, 0x20010000n << 96n, 23)) return "reserved"; // IETF protocol assignments, Teredo
  // Only global unicast (2000::/3) is public; the rest of the space is unassigned or special.
  if (!inPrefix(n, 0x2000n << 112n, 3)) return "reserved";
  return "public";
}

/** Classifies an IP address (IPv4 or IPv6 text, an IPv6 one optionally in brackets). */
export function classifyAddress(address: string): AddressClass {
  const text = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const version = net.isIP(text.split("%")[0]!);
  if (version === 4) return classify4(v4(text));
  if (version === 6) {
    const n = parse6(text);
    return n === null ? "invalid" : classify6(n);
  }
  return "invalid";
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}

/** WEBHOOK_ALLOW_PRIVATE=1 lets webhooks reach any address (tests, a receiver on the same network). */
export function privateAddressesAllowed(): boolean {
  return env().WEBHOOK_ALLOW_PRIVATE;
}
