/**
 * The SCIM filter language (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2), parsed into a small AST.
 *
 * Written here rather than taken from a library: scim2-parse-filter (the maintained candidate)
 * rejects the unquoted values Entra documents (`externalId eq jyoung`, `active eq True`) and reads
 * Entra's `emails[type eq "work"].value eq "x"` as an uncorrelated `and`, which matches the wrong
 * users. Here that form becomes `emails[type eq "work" and value eq "x"]`.
 *
 * Precedence: `not` binds tightest, then `and`, then `or`; parentheses group.
 */
import { ScimError } from "./errors";

export const COMPARE_OPS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { kind: "compare"; op: CompareOp; path: string; value: FilterValue }
  | { kind: "present"; path: string }
  | { kind: "and" | "or"; left: Filter; right: Filter }
  | { kind: "not"; filter: Filter }
  /** `path[filter]`: some value of the multi-valued `path` matches `filter` (sub-attribute paths). */
  | { kind: "valuePath"; path: string; filter: Filter };

export type PatchPath = { path: string; filter: Filter | null; sub: string | null };

const MAX_LENGTH = 4096;
const MAX_DEPTH = 32;

type Token =
  | { t: "("; at: number }
  | { t: ")"; at: number }
  | { t: "["; at: number }
  | { t: "]"; at: number }
  | { t: "string"; value: string; at: number }
  | { t: "word"; value: string; at: number };

function fail(message: string, kind: "filter" | "path"): never {
  throw kind === "filter"
    ? new ScimError(400, `Invalid filter: ${message}`, "invalidFilter")
    : new ScimError(400, `Invalid path: ${message}`, "invalidPath");
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const WORD_END = new Set([...WHITESPACE, "(", ")", "[", "]", '"']);

function tokenize(text: string, kind: "filter" | "path"): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === "[" || c === "]") {
      tokens.push({ t: c, at: i });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) fail(`unterminated string at position ${i + 1}`, kind);
      let value: string;
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        fail(`bad escape in string at position ${i + 1}`, kind);
      }
      // "\u0000" decodes to a character no database stores as text.
      if (value.includes("\u0000")) fail(`NUL character in string at position ${i + 1}`, kind);
      tokens.push({ t: "string", value, at: i });
      i = j + 1;
    } else {
      let j = i;
      // A word ends at exactly the characters the branches above consume, so it is never empty.
      while (j < text.length && !WORD_END.has(text[j]!)) j++;
      tokens.push({ t: "word", value: text.slice(i, j), at: i });
      i = j;
    }
  }
  return tokens;
}

const ATTR_PATH = /^(urn:[A-Za-z0-9][A-Za-z0-9.:_-]*:)?[A-Za-z$][\w$-]*(\.[A-Za-z$][\w$-]*)?$/;
const SUB_ATTR = /^\.[A-Za-z$][\w$-]*$/;

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly kind: "filter" | "path",
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token | undefined {
    return this.tokens[this.i++];
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.t === "word" && token.value.toLowerCase() === word;
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  rest(): Token | undefined {
    return this.peek();
  }

  private fail(message: string): never {
    return fail(message, this.kind);
  }

  // or-expression
  parseFilter(): Filter {
    if (++this.depth > MAX_DEPTH) this.fail("nested too deeply");
    let left = this.parseAnd();
    while (this.isWord(this.peek(), "or")) {
      this.next();
      left = { kind: "or", left, right: this.parseAnd() };
    }
    this.depth--;
    return left;
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), "and")) {
      this.next();
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Filter {
    const token = this.peek();
    if (this.isWord(token, "not")) {
      this.next();
      const open = this.next();
      if (open?.t !== "(") this.fail(`"not" must be followed by "("`);
      const inner = this.parseFilter();
      if (this.next()?.t !== ")") this.fail(`missing ")"`);
      return { kind: "not", filter: inner };
    }
    if (token?.t === "(") {
      this.next();
      const inner = this.parseFilter();
      if (this.next()?.t !== ")") this.fail(`missing ")"`);
      return inner;
    }
    return this.parseAttrExp();
  }

  attrPath(): string {
    const token = this.next();
    if (token?.t !== "word")
      this.fail(token ? `expected an attribute name at position ${token.at + 1}` : "unexpected end");
    if (!ATTR_PATH.test(token.value)) this.fail(`"${token.value}" is not an attribute path`);
    return token.value;
  }

  private parseAttrExp(): Filter {
    const path = this.attrPath();
    if (this.peek()?.t === "[") {
      this.next();
      const inner = this.parseFilter();
      if (this.next()?.t !== "]") this.fail(`missing "]"`);
      const after = this.peek();
      // Entra's form: emails[type eq "work"].value eq "x"  →  emails[type eq "work" and value eq "x"]
      if (after?.t === "word" && SUB_ATTR.test(after.value)) {
        this.next();
        const sub = after.value.slice(1);
        const condition = this.comparison(sub);
        return { kind: "valuePath", path, filter: { kind: "and", left: inner, right: condition } };
      }
      return { kind: "valuePath", path, filter: inner };
    }
    return this.comparison(path);
  }

  private comparison(path: string): Filter {
    const opToken = this.next();
    if (opToken?.t !== "word") this.fail(`expected an operator after "${path}"`);
    const op = opToken.value.toLowerCase();
    if (op === "pr") return { kind: "present", path };
    if (!(COMPARE_OPS as readonly string[]).includes(op)) this.fail(`unknown operator "${opToken.value}"`);
    const valueToken = this.next();
    if (!valueToken) this.fail(`missing value after "${path} ${op}"`);
    let value: FilterValue;
    if (valueToken.t === "string") {
      value = valueToken.value;
    } else if (valueToken.t === "word") {
      const word = valueToken.value;
      const lower = word.toLowerCase();
      if (lower === "true") value = true;
      else if (lower === "false") value = false;
      else if (lower === "null") value = null;
      else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word)) value = Number(word);
      else value = word; // Entra's unquoted strings: externalId eq jyoung
    } else {
      this.fail(`expected a value after "${path} ${op}"`);
    }
    return { kind: "compare", op: op as CompareOp, path, value };
  }
}

/** Parses a filter; throws a SCIM 400 invalidFilter error that says what is wrong. */
export function parseFilter(text: string): Filter {
  if (text.length > MAX_LENGTH) fail(`longer than ${MAX_LENGTH} characters`, "filter");
  const tokens = tokenize(text, "filter");
  if (tokens.length === 0) fail("empty", "filter");
  const parser = new Parser(tokens, "filter");
  const filter = parser.parseFilter();
  if (!parser.done()) {
    const t = parser.rest()!;
    fail(`unexpected "${"value" in t ? t.value : t.t}" at position ${t.at + 1}`, "filter");
  }
  return filter;
}

/** Parses a PATCH path: `attrPath`, `attrPath[filter]` or `attrPath[filter].subAttr`. */
export function parsePatchPath(text: string): PatchPath {
  if (text.length > MAX_LENGTH) fail(`longer than ${MAX_LENGTH} characters`, "path");
  const tokens = tokenize(text, "path");
  const parser = new Parser(tokens, "path");
  const path = parser.attrPath();
  let filter: Filter | null = null;
  let sub: string | null = null;
  if (!parser.done()) {
    const open = tokens[1];
    if (open?.t !== "[") fail(`unexpected text after "${path}"`, "path");
    const inner = text.slice(open.at + 1);
    const close = tokens.findLastIndex((t) => t.t === "]");
    if (close < 2) fail(`missing "]"`, "path");
    const filterParser = new Parser(tokens.slice(2, close), "path");
    filter = filterParser.parseFilter();
    if (!filterParser.done()) fail(`bad filter in "${inner}"`, "path");
    const after = tokens.slice(close + 1);
    if (after.length > 1) fail(`unexpected text after "]"`, "path");
    if (after.length === 1) {
      const t = after[0]!;
      if (t.t !== "word" || !SUB_ATTR.test(t.value)) fail(`expected ".subAttribute" after "]"`, "path");
      sub = t.value.slice(1);
    }
  }
  return { path, filter, sub };
}
