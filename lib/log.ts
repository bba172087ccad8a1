/**
 * Server log lines that a request cannot forge: every control character (CR, LF, tab, ESC, NEL,
 * the Unicode line and paragraph separators…) in text that came from outside is written as an
 * escape, so one event is always one line and no terminal sequence reaches the operator's screen.
 * And no directory data: a database driver's message may quote the row it refused
 * (`Key (…)=(alex@contoso.com) already exists`), so of a database error only its code is written.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function escapeForLog(text: string, max = 500): string {
  const clipped = text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
  return clipped.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** better-sqlite3's SqliteError, node-postgres's DatabaseError (a SQLSTATE code and a severity), ours. */
function fromDatabase(error: object): { name: string; code: string | null } | null {
  const { name, code } = error as { name?: unknown; code?: unknown };
  const known =
    name === "SqliteError" || name === "UniqueViolation" || (typeof code === "string" && "severity" in error);
  return known ? { name: String(name), code: typeof code === "string" ? code : null } : null;
}

/** An error as one escaped line (name and message), plus its stack frames, which code writes. */
export function describeError(error: unknown): string {
  if (typeof error === "string") return escapeForLog(error);
  if (typeof error !== "object" || error === null) return escapeForLog(String(error));
  const database = fromDatabase(error);
  if (database)
    return `${database.name}${database.code ? ` ${escapeForLog(database.code)}` : ""} (database error)`;
  // An Error, or an error as a plain object (next-auth passes { name, message, stack }); nothing
  // else of an object is written, since it may carry request data.
  const { name, message, stack: rawStack } = error as { name?: unknown; message?: unknown; stack?: unknown };
  const header = `${typeof name === "string" ? name : "Error"}: ${typeof message === "string" ? message : ""}`;
  // The stack starts with the message, which may hold anything; only what follows it is frames.
  const stack = typeof rawStack === "string" ? rawStack : "";
  const frames = (stack.startsWith(header) ? stack.slice(header.length) : "")
    .split("\n")
    .filter((line) => /^\s+at \S/.test(line))
    .slice(0, 10)
    .map((line) => escapeForLog(line));
  return [escapeForLog(header), ...frames].join("\n");
}

/** Writes `<scope>: <what>[: <error>]` to the server's error log. */
export function logError(scope: string, what: string, error?: unknown): void {
  console.error(`${scope}: ${escapeForLog(what)}${error === undefined ? "" : `: ${describeError(error)}`}`);
}
