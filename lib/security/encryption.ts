/**
 * Secrets Rollcall must read back (it cannot keep only a hash of them): webhook signing secrets
 * (decision 0009), the OpenID Provider's private signing keys (decision 0014) and the client
 * secrets of OpenID Connect identity providers (decision 0016), administrators' TOTP secrets and
 * the passkey challenges a browser carries between two requests (decision 0020). Each purpose gets
 * its own AES-256-GCM key, derived with HKDF-SHA256 from ROLLCALL_SECRET_KEY (or the session secret
 * as lib/config.ts finds it) under that purpose's label; the key is never stored.
 *
 * A sealed value is `v1.<key id>.<base64url of IV ‖ ciphertext ‖ tag>`, with a fresh 96-bit IV each
 * time and the caller's additional authenticated data (the row it belongs to), so a ciphertext
 * copied into another row does not open there. The key id (a hash of the derived key, not secret)
 * tells "sealed under another key" apart from corrupt data.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { secretKeyMaterial } from "@/lib/config";

const FORMAT = "v1";

/** What a derived key is for: its HKDF info label. Never reuse one label for two purposes. */
export type KeyPurpose =
  | "webhook signing secrets"
  | "oidc signing keys"
  | "oidc cookie keys"
  | "oidc pairwise subjects"
  | "oidc idp client secrets"
  | "admin totp secrets"
  | "admin passkey challenges";

const cache = new Map<string, { material: string; key: Buffer; keyId: string }>();

/** The 32-byte key for `purpose`, derived from the current key material. */
export function derivedKey(purpose: KeyPurpose): { key: Buffer; keyId: string } {
  const material = secretKeyMaterial();
  let entry = cache.get(purpose);
  if (entry?.material !== material) {
    const key = Buffer.from(hkdfSync("sha256", material, "rollcall", purpose, 32));
    const keyId = createHash("sha256").update(key).digest("base64url").slice(0, 8);
    entry = { material, key, keyId };
    cache.set(purpose, entry);
  }
  return entry;
}

export function seal(plain: string, purpose: KeyPurpose, aad: string): string {
  const { key, keyId } = derivedKey(purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [FORMAT, keyId, Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")].join(".");
}

/** Why a sealed value cannot be opened: not one, sealed under another key, or altered/misplaced. */
export type UnsealFailure = "format" | "other_key" | "corrupt";

export class SealedValueUnreadable extends Error {
  override readonly name = "SealedValueUnreadable";

  constructor(readonly reason: UnsealFailure) {
    super(reason);
  }
}

export function unseal(stored: string, purpose: KeyPurpose, aad: string): string {
  const [format, keyId, payload] = stored.split(".");
  const { key, keyId: current } = derivedKey(purpose);
  if (format !== FORMAT || !payload) throw new SealedValueUnreadable("format");
  if (keyId !== current) throw new SealedValueUnreadable("other_key");
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length < 28) throw new SealedValueUnreadable("corrupt");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SealedValueUnreadable("corrupt");
  }
}
