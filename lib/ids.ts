import { randomBytes, randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random lowercase alphanumeric id (used where ids appear in URLs an admin copies). */
export function newSlugId(length = 20): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
