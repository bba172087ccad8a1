/**
 * Cursor paging for the application API's lists. A page is `{ data, next }`: `next` is an opaque
 * cursor to pass as `cursor=` for the following page, or null after the last one. Cursors are
 * keyset positions (the sort key of the last item returned), so pages stay fast at any depth and
 * an item inserted or moved behind the cursor never makes another one be skipped.
 */
import { z } from "zod";

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

/** `limit=`: a whole number from 1 to `max` (larger is refused, not lowered). */
export function limitParam(max = MAX_PAGE, fallback = DEFAULT_PAGE) {
  return z
    .string()
    .regex(/^\d{1,7}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .optional()
    .transform((n) => n ?? fallback)
    .describe(`How many items to return (1–${max}, default ${fallback})`);
}

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(text: string, arity: number): string[] | null {
  if (text.length > 512 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(value) || value.length !== arity) return null;
    // Printable text only: a control character (NUL above all) never reaches a query.
    return value.every((v) => typeof v === "string" && v.length <= 200 && !/[\u0000-\u001f]/.test(v))
      ? (value as string[])
      : null;
  } catch {
    return null;
  }
}

/** `cursor=`: the `next` of a previous page (a keyset position of `arity` values), or absent. */
export function cursorParam(arity: number, valid: (key: string[]) => boolean = () => true) {
  return z
    .string()
    .transform((text, ctx) => {
      const key = decodeCursor(text, arity);
      if (key === null || !valid(key)) {
        ctx.addIssue({ code: "custom", message: "is not a cursor this list returned" });
        return z.NEVER;
      }
      return key;
    })
    .optional()
    .describe("The `next` of the previous page; absent for the first page");
}

/**
 * A page from rows read with `LIMIT limit + 1`: the first `limit` rows, and the cursor after the
 * last of them when the extra row shows there is more (null on the last page).
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => readonly string[],
): { rows: readonly T[]; next: string | null } {
  if (rows.length <= limit) return { rows, next: null };
  const page = rows.slice(0, limit);
  return { rows: page, next: encodeCursor(keyOf(page[page.length - 1]!)) };
}

/** The response schema of a page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T, description: string) {
  return z
    .object({
      data: z.array(item),
      next: z.string().nullable().describe("Pass as `cursor=` for the next page; null after the last page"),
    })
    .describe(description);
}
