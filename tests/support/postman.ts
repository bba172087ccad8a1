/**
 * Runs a Postman collection with newman's Node API against a tenant and turns every `pm.test`
 * assertion into a CheckResult. A check that never got to run counts too: a test script that
 * throws outside `pm.test` (e.g. `pm.response.json()` on an empty body) and a request that got no
 * response are reported as failed checks, so no check of the suite disappears silently.
 */
import newman, { type Execution, type PostmanItem, type VariableList } from "newman";
import { clip, occurrenceNamer, type CheckResult } from "./conformance";

export type PostmanRun = {
  collection: unknown;
  /** Variables as a Postman environment file would give them. */
  environment?: Record<string, string>;
  /**
   * Variables given as iteration data (a data file row). In Postman's order of precedence data
   * variables sit above environment variables, so a value here holds even when a script of the
   * collection sets the environment variable of the same name.
   */
  data?: Record<string, string>;
  /** Shown as `{tenant}` in the reported URLs. */
  baseUrl: string;
};

function variables(values: Record<string, string> = {}): VariableList {
  return { values: Object.entries(values).map(([key, value]) => ({ key, value })) };
}

/** The item's folders and name: "User tests / Post User". */
function itemPath(item: PostmanItem): string {
  const names = [item.name];
  // The collection itself is the last parent; it has no parent of its own.
  for (let p = item.parent(); p && p.parent(); p = p.parent()) names.unshift(p.name);
  return names.join(" / ");
}

export async function runPostmanCollection(run: PostmanRun): Promise<CheckResult[]> {
  const summary = await new Promise<newman.Summary>((resolve, reject) =>
    newman.run(
      {
        collection: run.collection,
        environment: variables(run.environment),
        iterationData: run.data ? [run.data] : undefined,
        reporters: [],
        timeoutRequest: 30_000,
      },
      (err, s) => (err ? reject(err) : resolve(s)),
    ),
  );
  const name = occurrenceNamer();
  const results: CheckResult[] = [];
  for (const e of summary.run.executions) results.push(...checksOf(e, name(itemPath(e.item)), run.baseUrl));
  return results;
}

function checksOf(e: Execution, request: string, baseUrl: string): CheckResult[] {
  const url = e.request?.url.toString() ?? "";
  const common = {
    request,
    http: `${e.request?.method ?? "?"} ${url.split(baseUrl).join("{tenant}")}`,
    requestBody: clip(e.request?.body?.toString() || undefined),
    status: e.response?.code,
    responseBody: clip(e.response?.text()),
  };
  const out: CheckResult[] = [];
  const add = (check: string, error?: Error) =>
    out.push({
      ...common,
      id: `${request} :: ${check}`,
      check,
      pass: !error,
      message: error ? `${error.name}: ${error.message}` : undefined,
    });
  if (e.requestError) add("(request)", e.requestError);
  for (const s of e.prerequestScript ?? []) add("(pre-request script)", s.error);
  for (const a of e.assertions ?? []) {
    if (a.skipped) add(a.assertion, new Error("skipped (pm.test.skip)"));
    else add(a.assertion, a.error);
  }
  // A test script that throws outside pm.test stops there: the checks after it never ran.
  for (const s of e.testScript ?? []) add("(test script)", s.error);
  return out;
}
