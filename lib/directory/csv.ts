/**
 * CSV (RFC 4180) with a guard against formula injection when opened in a spreadsheet (OWASP): a
 * cell that starts — after any spaces — with a formula character, ASCII or fullwidth, gets a
 * leading apostrophe; and a cell holding ";" is quoted, so a spreadsheet whose locale separates
 * with ";" cannot split `a;=cmd` into a second cell that starts with "=".
 */
const FORMULA = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A streamed CSV download. */
export function csvResponse(filename: string, lines: AsyncIterable<string>): Response {
  return downloadResponse(filename, "text/csv; charset=utf-8", lines);
}

/** A streamed download of text lines (CSV, JSON lines), one line pulled at a time. */
export function downloadResponse(
  filename: string,
  contentType: string,
  lines: AsyncIterable<string>,
): Response {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
