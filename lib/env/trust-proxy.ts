/** TRUST_PROXY's value: which proxies' X-Forwarded-For is believed (lib/security/client-address.ts). */
import net from "node:net";

export type TrustProxy =
  { kind: "none" } | { kind: "hops"; hops: number } | { kind: "list"; list: net.BlockList; text: string };

const NAMED: Record<string, [string, number, "ipv4" | "ipv6"][]> = {
  loopback: [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ],
  private: [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ],
};

/** Parses TRUST_PROXY; throws with a message naming the bad entry. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? "").trim();
  if (["", "0", "false", "none"].includes(text.toLowerCase())) return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 32) throw new Error(`TRUST_PROXY: ${hops} hops is more than any real proxy chain`);
    return { kind: "hops", hops };
  }
  const list = new net.BlockList();
  for (const raw of text.split(",")) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const named = NAMED[entry];
    if (named) {
      for (const [address, prefix, type] of named) list.addSubnet(address, prefix, type);
      continue;
    }
    const [address = "", prefixText] = entry.split("/");
    const type = net.isIPv4(address) ? "ipv4" : net.isIPv6(address) ? "ipv6" : null;
    const max = type === "ipv4" ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!type || !Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixText === "") {
      throw new Error(
        `TRUST_PROXY: "${raw.trim()}" is not an address, a CIDR range, "loopback" or "private" ` +
          `(use a hop count such as 1, or a list such as "10.0.0.0/8, 192.0.2.7")`,
      );
    }
    list.addSubnet(address, prefix, type);
  }
  return { kind: "list", list, text };
}
