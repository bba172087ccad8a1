/**
 * Reading a portal page's query string safely. Next.js gives a repeated parameter as an array and
 * anything else as the text the browser sent (`1e20`, `Infinity`, `-0`…); these turn both into
 * values the directory queries can always run with.
 */

/** Beyond any real directory (100,000 pages of 50); keeps OFFSET within every database's integers. */
export const MAX_PAGE = 100_000;

type Param = string | string[] | undefined;

/** The first value of a parameter, as text (at most `max` characters), or undefined. */
export function textParam(value: Param, max = 200): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first.slice(0, max) : undefined;
}

/** A 1-based page number: a plain positive integer, capped at MAX_PAGE; 1 for anything else. */
export function pageParam(value: Param): number {
  const text = textParam(value, 20)?.trim() ?? "";
  if (!/^\d{1,15}$/.test(text)) return 1;
  const page = Number(text);
  return page >= 1 ? Math.min(page, MAX_PAGE) : 1;
}
