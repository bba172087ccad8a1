// `npm test`: every check and every test, in order — formatting, lint, type check, the production
// build, unit tests, integration tests over real HTTP (SQLite and PostgreSQL), Playwright e2e.
// Ends with one summary line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findPgBin } from "./lib/pg-cluster.mjs";

const bin = (name) => path.join("node_modules", ".bin", name);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-test-"));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const steps = [
  { name: "format", cmd: [bin("prettier"), "--check", "--log-level", "warn", "."] },
  { name: "lint", cmd: [bin("eslint"), "--max-warnings", "0", "."] },
  { name: "typecheck", cmd: [bin("tsc"), "--noEmit"] },
  { name: "build", cmd: [bin("next"), "build"] },
  {
    name: "unit",
    cmd: [
      bin("vitest"),
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${reports}/unit.json`,
    ],
    report: `${reports}/unit.json`,
  },
  {
    name: "integration",
    cmd: [
      bin("vitest"),
      "run",
      "--project",
      "database",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${reports}/integration.json`,
    ],
    report: `${reports}/integration.json`,
  },
  {
    // The benchmark's CI smoke: a small Entra cycle (500 users, groups, a 300-member group) on the
    // production build; it fails on any error and asserts no timings.
    name: "bench-smoke",
    cmd: [process.execPath, "bench/run.mjs", "--smoke"],
  },
  {
    name: "e2e",
    cmd: [bin("playwright"), "test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json` },
    report: `${reports}/e2e.json`,
  },
];

function counts(step) {
  if (!step.report || !fs.existsSync(step.report)) return null;
  const r = JSON.parse(fs.readFileSync(step.report, "utf8"));
  if (step.name === "e2e") {
    return { passed: r.stats.expected, failed: r.stats.unexpected + r.stats.flaky, skipped: r.stats.skipped };
  }
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

const only = process.argv.slice(2);
const summary = [];
let failedSteps = 0;
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  console.log(`\n▶ ${step.name}: ${step.cmd.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), {
    stdio: "inherit",
    env: { ...env, ...step.env },
  });
  const ok = result.status === 0;
  if (!ok) failedSteps++;
  summary.push({
    step: step.name,
    ok,
    seconds: Math.round((Date.now() - started) / 1000),
    tests: counts(step),
  });
  if (!ok && step.name === "build") break;
}

console.log("\nSummary");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const s of summary) {
  const t = s.tests
    ? ` — ${s.tests.passed} passed, ${s.tests.failed} failed, ${s.tests.skipped} skipped`
    : "";
  console.log(`  ${s.ok ? "✓" : "✗"} ${s.step} (${s.seconds}s)${t}`);
  if (s.tests) {
    passed += s.tests.passed;
    // A suite that fails before its tests run (e.g. in beforeAll) reports its tests as skipped.
    failed += s.ok ? s.tests.failed : Math.max(1, s.tests.failed);
    skipped += s.tests.skipped;
  } else if (!s.ok) {
    failed += 1;
  }
}
if (!findPgBin()) {
  console.log("\n⚠ PostgreSQL is not installed here: the database and integration tests ran on SQLite only.");
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps > 0 ? 1 : 0);
