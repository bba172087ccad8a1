import { describe, expect, it } from "vitest";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";
import { bindBrowser, boundNonce, isBoundTo, presentedBinding } from "@/lib/sso/browser-binding";
import { REQUEST_TTL_MS } from "@/lib/sso/store";

describe("binding an OpenID Connect sign-in to the browser that started it", () => {
  const state = "s".repeat(43);

  it("keeps the browser's binding, or makes a new one, in an HttpOnly Lax cookie as long as a request", () => {
    const fresh = bindBrowser(null);
    expect(fresh.binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh.setCookie).toMatch(new RegExp(`^${cookieName("ssoBrowser")}=${fresh.binding};`));
    expect(fresh.setCookie).toMatch(/HttpOnly/);
    expect(fresh.setCookie).toMatch(/SameSite=Lax/);
    expect(cookieAttributes("ssoBrowser").maxAge * 1000).toBe(REQUEST_TTL_MS);
    const again = bindBrowser(`other=1; ${cookieName("ssoBrowser")}=${fresh.binding}`);
    expect(again.binding).toBe(fresh.binding);
    expect(bindBrowser(null).binding).not.toBe(fresh.binding);
  });

  it("ignores a cookie value that is not one it made", () => {
    const name = cookieName("ssoBrowser");
    expect(presentedBinding(`${name}=short`)).toBeNull();
    expect(presentedBinding(`${name}=${"a".repeat(42)}%00`)).toBeNull();
    expect(presentedBinding(null)).toBeNull();
    expect(bindBrowser(`${name}=short`).binding).not.toBe("short");
  });

  it("accepts the request's nonce only with the binding and state it was made from", () => {
    const { binding } = bindBrowser(null);
    const nonce = boundNonce(binding, state);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isBoundTo(binding, state, nonce)).toBe(true);
    expect(isBoundTo(bindBrowser(null).binding, state, nonce)).toBe(false);
    expect(isBoundTo(binding, "t".repeat(43), nonce)).toBe(false);
    expect(isBoundTo(null, state, nonce)).toBe(false);
    expect(isBoundTo(binding, state, nonce.slice(1))).toBe(false);
    // Two requests of one browser get different nonces.
    expect(boundNonce(binding, "u".repeat(43))).not.toBe(nonce);
  });
});
