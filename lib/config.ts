/** Application settings from the environment, with defaults that need nothing set to try Rollcall. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/** The public base URL (no trailing slash), used in tenant URLs and sign-in callbacks. */
export function appUrl(): string {
  const url = env().APP_URL || env().NEXTAUTH_URL || "http://localhost:3000";
  return url.replace(/\/+$/, "");
}

/** The public base URL of SCIM; a tenant URL adds `/<provisioning id>`. */
export function scimBaseUrl(): string {
  return `${appUrl()}/api/scim/v2`;
}

/** The URL next-auth works under (NEXTAUTH_URL, by default the public URL). */
export function authUrl(): string {
  return env().NEXTAUTH_URL || appUrl();
}

let secret: string | undefined;

/**
 * The session-signing secret: NEXTAUTH_SECRET, or (for a single embedded instance) a random one
 * created on first start and kept next to the database in data/.nextauth-secret (mode 0600).
 */
export function sessionSecret(): string {
  if (secret) return secret;
  const fromEnv = env().NEXTAUTH_SECRET;
  if (fromEnv) {
    secret = fromEnv;
    return secret;
  }
  const file = path.join(env().ROLLCALL_DATA_DIR, ".nextauth-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const created = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, created, { mode: 0o600, flag: "wx" });
      secret = created;
    } catch {
      secret = fs.readFileSync(file, "utf8").trim();
    }
  }
  return secret;
}

/**
 * The key material for secrets Rollcall must be able to read back (webhook signing secrets, which
 * cannot be hashed): ROLLCALL_SECRET_KEY, else the session secret. Setting ROLLCALL_SECRET_KEY
 * lets NEXTAUTH_SECRET be changed without making the stored secrets unreadable.
 */
export function secretKeyMaterial(): string {
  return env().ROLLCALL_SECRET_KEY || sessionSecret();
}
