/**
 * Webhook signing secrets: `whsec_` + base64 of 32 random bytes (the Standard Webhooks format).
 * Signing needs the secret itself, so it cannot be hashed like a SCIM token; it is stored encrypted
 * with AES-256-GCM under a key derived (HKDF-SHA256) from ROLLCALL_SECRET_KEY or the session secret
 * (decision 0009). The endpoint's id is the additional authenticated data, so a ciphertext copied
 * to another endpoint's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { secretKeyMaterial } from "@/lib/config";

const PREFIX = "whsec_";
const FORMAT = "v1";

export function generateSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

/** A secret in the Standard Webhooks format: whsec_ + base64 of at least 24 bytes. */
export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(PREFIX)) return false;
  const body = value.slice(PREFIX.length);
  return /^[A-Za-z0-9+/]+={0,2}$/.test(body) && Buffer.from(body, "base64").length >= 24;
}

let cached: { material: string; key: Buffer; keyId: string } | undefined;

function key(): { key: Buffer; keyId: string } {
  const material = secretKeyMaterial();
  if (cached?.material !== material) {
    const derived = Buffer.from(hkdfSync("sha256", material, "rollcall", "webhook signing secrets", 32));
    // Names the key (not secret: a hash of the derived key), so a ciphertext made under another
    // key is recognised as such rather than as corrupt.
    const keyId = createHash("sha256").update(derived).digest("base64url").slice(0, 8);
    cached = { material, key: derived, keyId };
  }
  return cached;
}

const aad = (endpointId: string) => Buffer.from(`webhook-endpoint:${endpointId}`);

export function encryptSecret(secret: string, endpointId: string): string {
  const { key: k, keyId } = key();
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", k, iv);
  cipher.setAAD(aad(endpointId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [FORMAT, keyId, Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")].join(".");
}

export class SecretUnreadable extends Error {
  override readonly name = "SecretUnreadable";
}

export function decryptSecret(stored: string, endpointId: string): string {
  const [format, keyId, payload] = stored.split(".");
  const { key: k, keyId: current } = key();
  if (format !== FORMAT || !payload) throw new SecretUnreadable("not an encrypted webhook secret");
  if (keyId !== current) {
    throw new SecretUnreadable(
      "the signing secret was encrypted under another ROLLCALL_SECRET_KEY (or NEXTAUTH_SECRET); rotate it",
    );
  }
  const bytes = Buffer.from(payload, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", k, bytes.subarray(0, 12));
  decipher.setAAD(aad(endpointId));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretUnreadable("the signing secret does not decrypt (altered, or another endpoint's)");
  }
}
