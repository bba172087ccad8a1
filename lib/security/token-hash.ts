import { hash, randomBytes } from "node:crypto";

/**
 * How every high-entropy secret Rollcall issues or receives is stored: SCIM tokens, invite links,
 * people's session tokens, an identity provider's token. A SHA-256 of 256 random bits needs no
 * slow hash, so the secret can be looked up by its hash.
 */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** A new one-time link token (256 random bits) and the hash that is stored in its place. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}
