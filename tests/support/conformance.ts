/**
 * Results of the vendors' published SCIM test suites (tests/conformance/), one per check, and the
 * rule the conformance test applies to them: every failing check must be a documented deliberate
 * difference, and every documented difference must still fail.
 */
import fs from "node:fs";
import path from "node:path";

export type CheckResult = {
  /** Unique within a suite: `<folder> / <request>[ (n)] :: <check>`. */
  id: string;
  /** The request as the suite names it (with its folder, and `(n)` for the n-th of a repeated name). */
  request: string;
  check: string;
  /** Method and URL, the tenant URL shown as `{tenant}`. */
  http: string;
  pass: boolean;
  /** Why the check failed: the assertion's message, a script error or a transport error. */
  message?: string;
  requestBody?: string;
  status?: number;
  responseBody?: string;
};

/** A check that fails on purpose: the suite expects something RFC 7643/7644 forbids or leaves open. */
export type DeliberateDifference = {
  /** The CheckResult id. */
  id: string;
  /** What the suite expects. */
  expects: string;
  /** What Rollcall does instead. */
  rollcall: string;
  /** The RFC 7643/7644 section(s) that make Rollcall's answer right. */
  rfc: string;
};

const MAX_BODY = 600;

export function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}… (${text.length} chars)` : text;
}

/** Numbers repeated request names within a folder, as "(2)", "(3)"…, so that every check id is unique. */
export function occurrenceNamer(): (folderAndName: string) => string {
  const seen = new Map<string, number>();
  return (folderAndName) => {
    const n = (seen.get(folderAndName) ?? 0) + 1;
    seen.set(folderAndName, n);
    return n === 1 ? folderAndName : `${folderAndName} (${n})`;
  };
}

export function judge(results: CheckResult[], differences: DeliberateDifference[]) {
  const known = new Map(differences.map((d) => [d.id, d]));
  const byId = new Map(results.map((r) => [r.id, r]));
  return {
    passed: results.filter((r) => r.pass),
    deliberate: results.filter((r) => !r.pass && known.has(r.id)),
    unexpected: results.filter((r) => !r.pass && !known.has(r.id)),
    /** Listed differences whose check now passes, or no longer exists: the list must be updated. */
    stale: differences.filter((d) => byId.get(d.id)?.pass !== false),
  };
}

export function describeFailure(r: CheckResult): string {
  return [
    `✗ ${r.id}`,
    `    request:  ${r.http}${r.requestBody ? `\n    body:     ${r.requestBody.replace(/\s+/g, " ")}` : ""}`,
    `    failure:  ${r.message ?? "(no message)"}`,
    `    response: ${r.status ?? "-"} ${(r.responseBody ?? "").replace(/\s+/g, " ")}`,
  ].join("\n");
}

/** A readable report, and a JSON copy under test-results/ for reading the details after a run. */
export function report(
  suite: string,
  database: string,
  results: CheckResult[],
  differences: DeliberateDifference[],
) {
  const j = judge(results, differences);
  const lines = [
    `${suite} on ${database}: ${results.length} checks, ${j.passed.length} passed, ` +
      `${j.deliberate.length} failed as documented, ${j.unexpected.length} failed unexpectedly` +
      (j.stale.length ? `, ${j.stale.length} documented differences no longer fail` : ""),
    ...j.unexpected.map(describeFailure),
    ...j.stale.map((d) => `! documented difference no longer fails (remove it from the list): ${d.id}`),
  ];
  const dir = path.resolve(import.meta.dirname, "../../test-results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `conformance-${suite.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${database}.json`,
  );
  fs.writeFileSync(file, JSON.stringify({ suite, database, ...j }, null, 2));
  return { ...j, text: lines.join("\n") };
}
