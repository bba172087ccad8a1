/**
 * A small runner for Runscope (BlazeMeter API Monitoring) test exports, written for Okta's SCIM 2.0
 * spec test (tests/conformance/okta/). It does what Runscope does with each step, as Runscope's
 * documentation describes it:
 *
 * - `request` steps, in Runscope's order: `{{name}}` variables are substituted in the URL, header
 *   values and body (an undefined variable fails the step, as in Runscope); pre-request scripts
 *   (`before_scripts`) run; the request is sent with exactly the step's headers; the step's
 *   `variables` are extracted from the response; its post-response `scripts` run; and each of its
 *   `assertions` (target values substituted too) is evaluated and reported.
 * - `pause` steps are skipped (they only wait); `skipped` steps are not run.
 *
 * Only what the Okta export uses is implemented — sources `response_status`, `response_json` and
 * `response_time`; comparisons `equal`, `equal_number`, `not_empty`, `has_value`, `contains`,
 * `is_a_number` and `is_less_than` — anything else fails the assertion as unsupported rather than
 * passing it. JSON properties use JavaScript notation (`Resources[0].name.familyName`). Scripts run
 * in a fresh VM context with Runscope's script globals as far as the export needs them: `response`
 * (`status`, `headers`, `body`, `response_time_ms`, …), `request`, `variables.get/set`, Chai's
 * `assert` and `expect`, and `log`.
 */
import http from "node:http";
import https from "node:https";
import vm from "node:vm";
import { chai } from "vitest";
import { clip, occurrenceNamer, type CheckResult } from "./conformance";

type Headers = Record<string, string[]>;

export type RunscopeAssertion = {
  source: string;
  comparison: string;
  property?: string | null;
  value?: string | number | null;
};

export type RunscopeStep = {
  step_type: string;
  skipped?: boolean;
  note?: string;
  method?: string;
  url?: string;
  headers?: Headers;
  body?: string;
  form?: Record<string, unknown>;
  multipart_form?: unknown[] | null;
  binary_body?: unknown;
  auth?: Record<string, unknown>;
  assertions?: RunscopeAssertion[];
  variables?: { source: string; name: string; property?: string | null }[];
  scripts?: string[];
  before_scripts?: string[];
};

export type RunscopeTest = { name: string; steps: RunscopeStep[] };

type Response = { status: number; headers: Headers; body: string; timeMs: number };

class UndefinedVariable extends Error {}

/** Runscope's `{{name}}` templates. */
export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_, name: string) => {
    const value = vars.get(name);
    if (value === undefined) throw new UndefinedVariable(`Variable '${name}' was not defined`);
    return value;
  });
}

/** `a.b[0].c` → ["a", "b", 0, "c"]; also `["a b"]`. An empty path is the whole document. */
export function parsePath(property: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]|(\.)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(property))) {
    if (m.index !== consumed) throw new Error(`cannot parse property '${property}'`);
    consumed = re.lastIndex;
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[3] !== undefined) parts.push(m[3]);
    else if (m[4] !== undefined) parts.push(m[4]);
  }
  if (consumed !== property.length) throw new Error(`cannot parse property '${property}'`);
  return parts;
}

function lookup(doc: unknown, property: string | null | undefined): unknown {
  let v: unknown = doc;
  for (const key of parsePath(property ?? "")) {
    if (v === null || typeof v !== "object") return undefined;
    if (typeof key === "number") {
      if (!Array.isArray(v)) return undefined;
      v = v[key];
    } else {
      if (Array.isArray(v) || !Object.hasOwn(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
  }
  return v;
}

/** Runscope compares as strings, non-strings cast (JSON's spelling: true, 0, null). */
function asText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The assertion's actual value, or MISSING with the reason. */
function actualValue(a: RunscopeAssertion, res: Response): { value: unknown } | { missing: string } {
  switch (a.source) {
    case "response_status":
      return { value: res.status };
    case "response_time":
      return { value: res.timeMs };
    case "response_json": {
      let doc: unknown;
      try {
        doc = JSON.parse(res.body);
      } catch {
        return { missing: `the response body is not JSON: ${JSON.stringify(clip(res.body))}` };
      }
      const v = lookup(doc, a.property);
      return v === undefined ? { missing: `the JSON body has no '${a.property}'` } : { value: v };
    }
    default:
      return { missing: `unsupported assertion source '${a.source}'` };
  }
}

/** Evaluates one assertion: undefined when it holds, else why not. */
function evaluate(a: RunscopeAssertion, target: string, res: Response): string | undefined {
  const actual = actualValue(a, res);
  if ("missing" in actual) return actual.missing;
  const v = actual.value;
  const shown = `actual ${asText(v)}`;
  switch (a.comparison) {
    case "equal":
      return asText(v) === target ? undefined : `${shown}, expected equal to "${target}"`;
    case "equal_number": {
      const n = asNumber(v);
      const t = asNumber(target);
      return n !== undefined && t !== undefined && n === t
        ? undefined
        : `${shown}, expected the number ${target}`;
    }
    case "is_less_than": {
      const n = asNumber(v);
      const t = asNumber(target);
      return n !== undefined && t !== undefined && n < t
        ? undefined
        : `${shown}, expected less than ${target}`;
    }
    case "is_a_number":
      return asNumber(v) !== undefined ? undefined : `${shown}, expected a number`;
    case "not_empty": {
      // Runscope: the value exists and is not an empty string or null. An empty list or object is
      // counted as empty too (the Okta test uses not_empty on `Resources`, a list).
      const empty =
        v === null ||
        v === "" ||
        (Array.isArray(v) && v.length === 0) ||
        (typeof v === "object" && v !== null && Object.keys(v).length === 0);
      return empty ? `${shown}, expected not empty` : undefined;
    }
    case "has_value":
      // The property is a list that holds the value.
      return Array.isArray(v) && v.some((x) => asText(x) === target)
        ? undefined
        : `${shown}, expected a list holding "${target}"`;
    case "contains":
      // The value contains the target as a substring; for a list, one of its items does.
      return (Array.isArray(v) ? v.map(asText) : [asText(v)]).some((s) => s.includes(target))
        ? undefined
        : `${shown}, expected to contain "${target}"`;
    default:
      return `unsupported comparison '${a.comparison}'`;
  }
}

/** The check's name, with the target value as the export writes it (`{{variables}}` unresolved). */
function describeAssertion(a: RunscopeAssertion, value: string): string {
  const where =
    a.source === "response_json"
      ? `json ${a.property || "(body)"}`
      : `${a.source.replace("response_", "")}${a.property ? ` ${a.property}` : ""}`;
  return `${where} ${a.comparison}${a.value === null || a.value === undefined ? "" : ` ${value}`}`;
}

function send(method: string, url: string, headers: Headers, body: string | undefined): Promise<Response> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === "https:" ? https : http).request(u, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const h: Headers = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          (h[res.rawHeaders[i]!] ??= []).push(res.rawHeaders[i + 1]!);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: h,
          body: Buffer.concat(chunks).toString("utf8"),
          timeMs: performance.now() - started,
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error("timed out after 30 s")));
    for (const [name, values] of Object.entries(headers)) req.setHeader(name, values);
    if (body !== undefined) req.setHeader("Content-Length", Buffer.byteLength(body));
    req.end(body);
  });
}

function runScript(
  source: string,
  globals: { request: unknown; response?: unknown; vars: Map<string, string>; log: string[] },
): void {
  const context = vm.createContext({
    request: globals.request,
    response: globals.response,
    variables: {
      get: (name: string) => globals.vars.get(name),
      set: (name: string, value: unknown) => void globals.vars.set(name, String(value)),
    },
    assert: chai.assert,
    expect: chai.expect,
    log: (...args: unknown[]) => void globals.log.push(args.map((a) => asText(a)).join(" ")),
  });
  vm.runInContext(source, context, { timeout: 5_000 });
}

export type RunscopeOptions = {
  /** The test's initial variables (Runscope's "Initial Variables" and what its "Initial Script" sets). */
  variables: Record<string, string>;
  /** Shown as `{tenant}` in the reported URLs. */
  baseUrl: string;
};

export async function runRunscopeTest(test: RunscopeTest, options: RunscopeOptions): Promise<CheckResult[]> {
  const vars = new Map(Object.entries(options.variables));
  const name = occurrenceNamer();
  const results: CheckResult[] = [];
  for (const step of test.steps) {
    if (step.skipped) continue;
    if (step.step_type === "pause") continue;
    const request = name((step.note ?? step.step_type).trim());
    if (step.step_type !== "request") {
      results.push({
        id: `${request} :: (step)`,
        request,
        check: "(step)",
        http: "",
        pass: false,
        message: `unsupported step type '${step.step_type}'`,
      });
      continue;
    }
    results.push(...(await runRequestStep(step, request, vars, options.baseUrl)));
  }
  return results;
}

async function runRequestStep(
  step: RunscopeStep,
  request: string,
  vars: Map<string, string>,
  baseUrl: string,
): Promise<CheckResult[]> {
  const method = step.method ?? "GET";
  let line = `${method} ${step.url ?? ""}`;
  const fail = (check: string, message: string, extra: Partial<CheckResult> = {}): CheckResult => ({
    id: `${request} :: ${check}`,
    request,
    check,
    http: line,
    pass: false,
    message,
    ...extra,
  });
  if (Object.keys(step.form ?? {}).length || step.multipart_form?.length || step.binary_body) {
    return [fail("(request)", "form, multipart and binary bodies are not supported by this runner")];
  }
  if (step.auth && Object.keys(step.auth).length) {
    return [fail("(request)", "Runscope step authentication is not supported by this runner")];
  }
  let url: string;
  let headers: Headers;
  let body: string | undefined;
  const log: string[] = [];
  try {
    url = substitute(step.url ?? "", vars);
    headers = Object.fromEntries(
      Object.entries(step.headers ?? {}).map(([k, vs]) => [k, vs.map((v) => substitute(v, vars))]),
    );
    body = step.body === undefined || step.body === null ? undefined : substitute(step.body, vars);
    // Pre-request scripts see the resolved request and may change it.
    for (const s of step.before_scripts ?? []) {
      if (!s.trim()) continue;
      const req = { method, url, headers, body };
      runScript(s, { request: req, vars, log });
      ({ url, headers, body } = req);
    }
  } catch (e) {
    return [fail("(request)", `${(e as Error).name}: ${(e as Error).message}`)];
  }
  line = `${method} ${url.split(baseUrl).join("{tenant}")}`;
  let res: Response;
  try {
    res = await send(method, url, headers, body);
  } catch (e) {
    return [fail("(request)", `no response: ${(e as Error).message}`, { requestBody: clip(body) })];
  }
  const common = {
    request,
    http: line,
    requestBody: clip(body),
    status: res.status,
    responseBody: clip(res.body),
  };
  const results: CheckResult[] = [];

  // Variables first, then scripts, then assertions.
  for (const v of step.variables ?? []) {
    const got = actualValue({ source: v.source, comparison: "", property: v.property }, res);
    if ("value" in got) vars.set(v.name, asText(got.value));
    else {
      const check = `(variable ${v.name})`;
      results.push({ ...common, id: `${request} :: ${check}`, check, pass: false, message: got.missing });
    }
  }
  const responseObject = {
    status: res.status,
    reason: http.STATUS_CODES[res.status] ?? "",
    headers: res.headers,
    body: res.body,
    size_bytes: Buffer.byteLength(res.body),
    response_time_ms: res.timeMs,
    content_type: Object.entries(res.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1][0],
  };
  (step.scripts ?? []).forEach((s, i) => {
    if (!s.trim()) return;
    const check = `(script ${i + 1})`;
    let message: string | undefined;
    try {
      runScript(s, { request: { method, url, headers, body }, response: responseObject, vars, log });
    } catch (e) {
      message = `${(e as Error).name}: ${(e as Error).message}`;
    }
    results.push({ ...common, id: `${request} :: ${check}`, check, pass: !message, message });
  });
  for (const a of step.assertions ?? []) {
    let target: string;
    try {
      target = a.value === null || a.value === undefined ? "" : substitute(String(a.value), vars);
    } catch (e) {
      const check = describeAssertion(a, String(a.value));
      results.push({
        ...common,
        id: `${request} :: ${check}`,
        check,
        pass: false,
        message: (e as Error).message,
      });
      continue;
    }
    const check = describeAssertion(a, String(a.value ?? ""));
    const message = evaluate(a, target, res);
    results.push({ ...common, id: `${request} :: ${check}`, check, pass: !message, message });
  }
  return results;
}
