/**
 * The one outbound HTTP client of webhooks (lib/webhooks/outbound.ts), against a local server:
 * a literal private address is refused before any connection; a name is resolved once, every
 * address it has is checked, and the connection goes to the address checked — there is no second
 * lookup a rebinding DNS server could answer differently.
 */
import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { post } from "@/lib/webhooks/outbound";

// WEBHOOK_ALLOW_PRIVATE, as this file's tests set it (the environment is read once per process).
const settings = vi.hoisted(() => ({ allowPrivate: false }));
vi.mock("@/lib/webhooks/address", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/webhooks/address")>()),
  privateAddressesAllowed: () => settings.allowPrivate,
}));

describe("the webhook HTTP client", () => {
  const seen: { host: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ host: req.headers.host });
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    vi.restoreAllMocks();
    settings.allowPrivate = false;
    seen.length = 0;
  });

  const lookups = (answers: dns.LookupAddress[]) =>
    vi
      .spyOn(dns.promises, "lookup")
      .mockImplementation((() => Promise.resolve(answers)) as unknown as typeof dns.promises.lookup);

  it("refuses a literal loopback or private address without connecting", async () => {
    for (const host of ["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "10.0.0.1", "169.254.169.254"]) {
      const result = await post(`http://${host}:${port}/hook`, {}, "{}", 2000);
      expect(result, host).toMatchObject({ outcome: "refused_address", statusCode: null });
    }
    expect(seen).toEqual([]);
  });

  it("resolves a name once, refuses it when any address is not public, and never connects", async () => {
    const lookup = lookups([{ address: "127.0.0.1", family: 4 }]);
    const result = await post(`http://rebind.example:${port}/hook`, {}, "{}", 2000);
    expect(result).toMatchObject({ outcome: "refused_address" });
    expect(result.excerpt).toMatch(/rebind\.example resolves to 127\.0\.0\.1, a loopback address/);
    expect(lookup).toHaveBeenCalledTimes(1);
    lookups([
      { address: "93.184.215.14", family: 4 },
      { address: "10.1.2.3", family: 4 },
    ]);
    expect(await post(`http://mixed.example:${port}/hook`, {}, "{}", 2000)).toMatchObject({
      outcome: "refused_address",
    });
    expect(seen).toEqual([]);
  });

  it("connects to exactly the address it checked (private ones allowed here)", async () => {
    settings.allowPrivate = true;
    const lookup = lookups([{ address: "127.0.0.1", family: 4 }]);
    const result = await post(`http://pinned.example:${port}/hook`, {}, "{}", 2000);
    expect(result).toMatchObject({ outcome: "delivered", statusCode: 200, excerpt: "ok" });
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([{ host: `pinned.example:${port}` }]);
  });
});
