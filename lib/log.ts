/**
 * The server log: one line per event, control characters escaped (a value a client sent cannot
 * forge a line), and no directory data — a database driver's message may quote the row it
 * refused (`Key (…)=(alex@contoso.com) already exists`), so only its code is written.
 */
function escape(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A short description of an error that is safe to log. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error))
    return typeof error === "string" ? escape(error.slice(0, 300)) : typeof error;
  const code = (error as { code?: unknown }).code;
  const fromDatabase =
    error.name === "SqliteError" ||
    (typeof code === "string" && "severity" in error) || // node-postgres DatabaseError
    error.name === "UniqueViolation";
  if (fromDatabase) return `${error.name}${typeof code === "string" ? ` ${code}` : ""} (database error)`;
  return `${error.name}: ${escape(error.message.slice(0, 300))}`;
}

export function logError(scope: string, what: string, error?: unknown): void {
  console.error(`${scope}: ${escape(what)}${error === undefined ? "" : `: ${describeError(error)}`}`);
}
