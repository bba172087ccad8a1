/**
 * Case-insensitive text comparison, the same in JavaScript and in both databases.
 *
 * `fold` is the key two strings are compared by when an attribute is not case-exact (userName,
 * displayName, emails, every JSON attribute with caseExact false): Unicode NFKC (so "é" and
 * "e\u0301", or fullwidth "ＡＢＣ" and "ABC", are one value), then Unicode lower-casing, with the
 * Greek final sigma folded to σ. Indexed columns (`userNameLower`, …) hold `fold(value)` written
 * from JavaScript; JSON attributes are folded in SQL by `rc_fold(text)`: registered from this very
 * function on every SQLite connection (lib/db/sqlite.ts), and created by a migration on PostgreSQL
 * (`lower(normalize($1, NFKC))` under the ICU root collation, which folds exactly like JavaScript).
 * SQLite's own `lower()` folds ASCII only, which is why neither database's `lower()` is used.
 */
export const FOLD_SQL = "rc_fold";

export function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase().replaceAll("ς", "σ");
}
