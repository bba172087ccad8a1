import { describe, expect, it } from "vitest";
import { generateToken, TOKEN_PREFIX, tokenHint } from "@/lib/provisioning/tokens";
import { hashToken } from "@/lib/security/token-hash";

describe("provisioning tokens", () => {
  it("carry 256 random bits behind a recognisable prefix", () => {
    const token = generateToken();
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    const raw = Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url");
    expect(raw.length).toBe(32);
  });

  it("are never repeated", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
  });

  it("are stored as a SHA-256 hash and shown only as a short hint", () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(4, 12));
    expect(tokenHint(token)).toBe(`${token.slice(0, 10)}…`);
  });
});
