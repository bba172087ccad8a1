/**
 * Webhook signing secrets: `whsec_` + base64 of 32 random bytes (the Standard Webhooks format).
 * Signing needs the secret itself, so it cannot be hashed like a SCIM token; it is stored encrypted
 * with AES-256-GCM (lib/security/encryption.ts, decision 0009). The endpoint's id is the additional
 * authenticated data, so a ciphertext copied to another endpoint's row does not decrypt.
 */
import { randomBytes } from "node:crypto";
import { seal, SealedValueUnreadable, unseal } from "@/lib/security/encryption";

const PREFIX = "whsec_";
const PURPOSE = "webhook signing secrets";

export function generateSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

/** A secret in the Standard Webhooks format: whsec_ + base64 of at least 24 bytes. */
export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(PREFIX)) return false;
  const body = value.slice(PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(body) && Buffer.from(body, "base64").length >= 24;
}

const aad = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export function encryptSecret(secret: string, endpointId: string): string {
  return seal(secret, PURPOSE, aad(endpointId));
}

export class SecretUnreadable extends Error {
  override readonly name = "SecretUnreadable";
}

const MESSAGES = {
  format: "not an encrypted webhook secret",
  other_key:
    "the signing secret was encrypted under another ROLLCALL_SECRET_KEY (or NEXTAUTH_SECRET); rotate it",
  corrupt: "the signing secret does not decrypt (altered, or another endpoint's)",
} as const;

export function decryptSecret(stored: string, endpointId: string): string {
  try {
    return unseal(stored, PURPOSE, aad(endpointId));
  } catch (error) {
    if (error instanceof SealedValueUnreadable) throw new SecretUnreadable(MESSAGES[error.reason]);
    throw error;
  }
}
