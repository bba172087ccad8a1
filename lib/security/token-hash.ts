import { hash } from "node:crypto";

/**
 * How every high-entropy secret Rollcall issues or receives is stored: SCIM tokens, invite links,
 * people's session tokens, an identity provider's token. A SHA-256 of 256 random bits needs no
 * slow hash, so the secret can be looked up by its hash.
 */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}
