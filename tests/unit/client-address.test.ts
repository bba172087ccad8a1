import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER as PRELOAD_HEADER } from "../../scripts/lib/client-address.mjs";
import {
  addressBucket,
  CLIENT_ADDRESS_HEADER,
  normalizeAddress,
  resolveClientAddress,
} from "@/lib/security/client-address";
import { parseTrustProxy } from "@/lib/env/trust-proxy";

const resolve = (peer: string, xff: string | null, trust: string) =>
  resolveClientAddress(peer, xff, parseTrustProxy(trust));

describe("the client address (TRUST_PROXY)", () => {
  it("reads the header the server preload writes", () => {
    expect(PRELOAD_HEADER).toBe(CLIENT_ADDRESS_HEADER);
  });

  it.each(["", "0", "false", "none", " NONE "])("trusts no proxy for TRUST_PROXY=%j", (trust) => {
    expect(resolve("192.0.2.10", "198.51.100.1", trust)).toBe("192.0.2.10");
  });

  it.each([
    ["1", "198.51.100.1", "198.51.100.1"],
    ["1", "6.6.6.6, 198.51.100.1", "198.51.100.1"],
    ["2", "6.6.6.6, 198.51.100.1, 10.0.0.5", "198.51.100.1"],
    ["1", null, "192.0.2.10"],
    ["3", "198.51.100.1", "198.51.100.1"],
    ["1", "not-an-address", "192.0.2.10"],
  ])("TRUST_PROXY=%s with X-Forwarded-For %j → %s", (trust, xff, expected) => {
    expect(resolve("192.0.2.10", xff, trust)).toBe(expected);
  });

  it.each([
    ["10.0.0.0/8", "10.1.1.1", "198.51.100.1, 10.0.0.2", "198.51.100.1"],
    ["10.0.0.0/8", "10.1.1.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"],
    ["10.0.0.0/8", "192.0.2.1", "198.51.100.1", "192.0.2.1"],
    ["loopback, 10.0.0.0/8", "::ffff:127.0.0.1", "198.51.100.1", "198.51.100.1"],
    ["loopback", "::1", "[2001:db8::1]:443", "2001:db8::1"],
    ["private", "172.16.4.4", "10.2.2.2, 192.168.0.1", "10.2.2.2"],
    ["192.0.2.7", "192.0.2.7", "198.51.100.9:5555", "198.51.100.9"],
    ["2001:db8::/32", "2001:db8::9", "198.51.100.1", "198.51.100.1"],
  ])("TRUST_PROXY=%s, peer %s, X-Forwarded-For %j → %s", (trust, peer, xff, expected) => {
    expect(resolve(peer, xff, trust)).toBe(expected);
  });

  it("calls a request without the preload's header unknown", () => {
    expect(resolveClientAddress(null, "198.51.100.1", parseTrustProxy("1"))).toBe("unknown");
  });

  it.each(["yes", "10.0.0.0/33", "10.0.0.0/", "300.1.1.1", "*", "99"])("refuses TRUST_PROXY=%j", (trust) => {
    expect(() => parseTrustProxy(trust)).toThrow(/TRUST_PROXY/);
  });

  it("normalises addresses", () => {
    expect(normalizeAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:DB8::1]:80")).toBe("2001:db8::1");
    expect(normalizeAddress("192.0.2.1:8080")).toBe("192.0.2.1");
    expect(normalizeAddress("unknown")).toBeNull();
  });

  it("counts IPv6 clients per /64 and IPv4 clients per address", () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("198.51.100.1")).toBe("198.51.100.1");
  });
});
