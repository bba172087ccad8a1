import { randomBytes, randomUUID } from "node:crypto";

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Rows keyed by
 * these ids are appended at the end of their primary-key index instead of at a random place, so
 * inserting into a table of a million rows touches the same few pages as inserting into an empty
 * one.
 */
export function newId(now = Date.now()): string {
  // randomUUID() draws from a pooled entropy buffer (no system call per id, unlike randomBytes);
  // its version-4 layout keeps the variant bits, and its first 48 bits + version nibble are
  // replaced by the time and a 7: 74 random bits remain, as RFC 9562 asks.
  const random = randomUUID();
  const time = now.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

/**
 * `count` UUIDv7 ids that sort in the order given (the last 20 bits count up instead of being
 * random; 54 random bits remain), for rows whose order within one unit of work matters.
 */
export function newIds(count: number, now = Date.now()): string[] {
  if (count > 0xfffff) throw new RangeError("at most 1,048,575 ordered ids at once");
  const base = newId(now).slice(0, -5);
  return Array.from({ length: count }, (_, i) => `${base}${i.toString(16).padStart(5, "0")}`);
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random lowercase alphanumeric id (used where ids appear in URLs an admin copies). */
export function newSlugId(length = 20): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
