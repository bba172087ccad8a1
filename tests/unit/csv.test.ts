import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "@/lib/directory/csv";

describe("CSV cells", () => {
  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ["+1", "'+1"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["  =cmd", "'  =cmd"],
    ["\t=cmd", "'\t=cmd"],
    ["＝cmd", "'＝cmd"],
    ["＋cmd", "'＋cmd"],
  ])("neutralises a formula: %j → %j", (value, cell) => expect(csvCell(value)).toBe(cell));

  it("quotes a cell holding ';', so a ';'-separated spreadsheet cannot start a new cell with '='", () => {
    expect(csvCell("a;=cmd")).toBe('"a;=cmd"');
  });

  it.each([
    ["alex@contoso.com", "alex@contoso.com"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    [null, ""],
    [undefined, ""],
    [true, "true"],
    [new Date("2026-01-02T03:04:05.000Z"), "2026-01-02T03:04:05.000Z"],
  ])("writes %j as %j", (value, cell) => expect(csvCell(value)).toBe(cell));

  it("ends a line with CRLF (RFC 4180)", () => {
    expect(csvLine(["a", "b,c"])).toBe('a,"b,c"\r\n');
  });
});
