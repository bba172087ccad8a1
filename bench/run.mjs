// `npm run bench` — Rollcall under an Entra-shaped load, next to two floors measured in the same run:
//   framework floor: the app's own /api/health/live (no database) under the same load generator;
//   machine floor:   bench/baseline-server.mjs (node:http + better-sqlite3) answering the same users phase.
// Usage: npm run bench -- [--db sqlite|postgres] [--users N] [--concurrency C] [--groups G]
//        [--members M] [--incremental S] [--big-group M] [--smoke] [--json FILE]
// --smoke: a small run (N=500) for CI that fails on any error and asserts no timings.
// --cpu-prof DIR: the server writes a V8 CPU profile to DIR when it stops (bench/cpu-profile.mjs;
// open it in Chrome DevTools).
// --webhook-backlog N (default 100,000; smoke 2,000; 0 skips webhooks): after the incremental phase,
// N/2 more users are created with a webhook endpoint on a local receiver (the commit → arrival
// latency at SCIM load), then N events are written to the outbox while the endpoint is disabled and
// the rate at which they reach the receiver once it is enabled is measured (bench/webhooks.mjs).
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { freePort, startPgCluster } from "../scripts/lib/pg-cluster.mjs";
import { nextStartArgs } from "../scripts/lib/next-start.mjs";
import { insertBacklog, latency, sampleEventData, startReceiver, waitUntil } from "./webhooks.mjs";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");

const { values: opts } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    users: { type: "string" },
    concurrency: { type: "string", default: "32" },
    groups: { type: "string" },
    members: { type: "string" },
    incremental: { type: "string" },
    "big-group": { type: "string" },
    smoke: { type: "boolean", default: false },
    json: { type: "string" },
    "cpu-prof": { type: "string" },
    "webhook-backlog": { type: "string" },
  },
});
const smoke = opts.smoke;
const N = Number(opts.users ?? (smoke ? 500 : 10_000));
const C = Number(opts.concurrency);
const G = Number(opts.groups ?? (smoke ? 5 : 50));
const M = Number(opts.members ?? (smoke ? 50 : 250));
const S = Number(opts.incremental ?? (smoke ? 100 : 2_000));
const BIG = Number(opts["big-group"] ?? (smoke ? 300 : 0));
const FLOOR_REQUESTS = smoke ? 2_000 : 20_000;
const BACKLOG = Number(opts["webhook-backlog"] ?? (smoke ? 2_000 : 100_000));

// ---------------------------------------------------------------------------------------------
// Load generator: C concurrent keep-alive connections pulling from one queue of request makers.

const agent = new http.Agent({ keepAlive: true, maxSockets: C });

function request(base, method, pathname, options = {}, retried = false) {
  const { token, body } = options;
  const url = new URL(pathname, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload
            ? { "Content-Type": "application/scim+json", "Content-Length": Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on("error", reject);
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode,
            ms: performance.now() - started,
            body: text ? JSON.parse(text) : null,
          });
        });
      },
    );
    req.on("error", (error) => {
      // A kept-alive socket the server closed just as it was reused: the request never reached
      // the server, so it is sent again once (Node's documented pattern for keep-alive races).
      if (req.reusedSocket && error.code === "ECONNRESET" && !retried) {
        request(base, method, pathname, options, true).then(resolve, reject);
      } else {
        reject(error);
      }
    });
    if (payload) req.write(payload);
    req.end();
  });
}

class Phase {
  constructor(name) {
    this.name = name;
    this.latencies = [];
    this.errors = 0;
    this.firstError = null;
  }
  record(res, ok) {
    this.latencies.push(res.ms);
    if (!ok) {
      this.errors++;
      this.firstError ??= `${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
    }
  }
  summary(seconds, rss, cpuMs) {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
    return {
      phase: this.name,
      requests: sorted.length,
      errors: this.errors,
      reqPerSec: Math.round(sorted.length / seconds),
      p50: +q(0.5).toFixed(2),
      p95: +q(0.95).toFixed(2),
      p99: +q(0.99).toFixed(2),
      seconds: +seconds.toFixed(2),
      peakRssMb: rss ? Math.round(rss / 1024 / 1024) : null,
      cpuMsPerRequest: cpuMs !== undefined && sorted.length ? +(cpuMs / sorted.length).toFixed(3) : null,
      ...(this.firstError ? { firstError: this.firstError } : {}),
    };
  }
}

/** Runs `jobs` (async functions taking the phase) with C at a time; returns the phase summary. */
async function drive(name, jobs, monitor, concurrency = C) {
  const phase = new Phase(name);
  monitor?.reset();
  const cpuBefore = monitor?.cpuMs();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++](phase);
    }),
  );
  const result = phase.summary(
    (performance.now() - started) / 1000,
    monitor?.peak(),
    monitor ? monitor.cpuMs() - cpuBefore : undefined,
  );
  console.log(format(result));
  return result;
}

function format(r) {
  const cols = [
    r.phase.padEnd(34),
    `${r.requests} req`.padStart(10),
    `${r.errors} err`.padStart(8),
    `${r.reqPerSec} req/s`.padStart(12),
    `p50 ${r.p50}`.padStart(11),
    `p95 ${r.p95}`.padStart(11),
    `p99 ${r.p99} ms`.padStart(14),
    r.peakRssMb ? `rss ${r.peakRssMb} MB`.padStart(12) : "",
    r.cpuMsPerRequest !== null ? `cpu ${r.cpuMsPerRequest} ms/req`.padStart(18) : "",
  ];
  return cols.join(" ") + (r.firstError ? `\n    first error: ${r.firstError}` : "");
}

// ---------------------------------------------------------------------------------------------
// Servers

// /proc/<pid>/stat counts CPU time in clock ticks of 1/100 s on Linux.
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Samples the resident memory of a process tree and reads the CPU time it has used (Linux /proc).
 * CPU time per request is a second reading of a phase's cost next to req/s: neighbours on a shared
 * machine take wall-clock time from the server without adding to its own CPU time (they still
 * slow it through shared caches, so compare ratios within one run).
 */
function processMonitor(pid) {
  const tree = () => {
    const pids = [];
    const visit = (p) => {
      try {
        const children = fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/);
        pids.push(p);
        for (const c of children.filter(Boolean)) visit(c);
      } catch {
        // process gone
      }
    };
    visit(pid);
    return pids;
  };
  const read = () => {
    let total = 0;
    for (const p of tree()) {
      try {
        const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
        total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      } catch {
        // process gone
      }
    }
    return total;
  };
  const cpuMs = () => {
    let ticks = 0;
    for (const p of tree()) {
      try {
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // process gone
      }
    }
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  };
  let peak = 0;
  const samples = [];
  const timer = setInterval(() => {
    const v = read();
    peak = Math.max(peak, v);
    samples.push(v);
  }, 100);
  timer.unref();
  return {
    reset: () => (peak = read()),
    peak: () => Math.max(peak, read()),
    now: read,
    cpuMs,
    stop: () => clearInterval(timer),
  };
}

async function waitReady(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${url}`);
}

async function startRollcall(env) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const profile = opts["cpu-prof"]
    ? {
        NODE_OPTIONS: `--import ${path.join(ROOT, "bench/cpu-profile.mjs")}`,
        ROLLCALL_CPU_PROF_DIR: path.resolve(opts["cpu-prof"]),
      }
    : {};
  const child = spawn(process.execPath, nextStartArgs(port), {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      APP_URL: base,
      NEXTAUTH_URL: base,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...profile,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitReady(`${base}/api/health/ready`, child);
  return { base, child };
}

async function cli(env, ...args) {
  const { stdout } = await run(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args, "--json"],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
    },
  );
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------------------------
// Workloads (Entra's shapes)

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const enc = encodeURIComponent;

function entraUser(i, runId) {
  const name = `user${i}.${runId}@contoso.example`;
  return {
    schemas: [CORE, ENT],
    externalId: randomUUID(),
    userName: name,
    active: true,
    displayName: `User ${i}`,
    name: { formatted: `User ${i}`, familyName: `${i}`, givenName: "User" },
    emails: [{ primary: true, type: "work", value: name }],
    title: "Engineer",
    phoneNumbers: [{ type: "work", value: `+1 555 ${String(i).padStart(7, "0")}` }],
    [ENT]: { department: `Department ${i % 20}` },
  };
}

function usersJobs(base, prefix, token, from, count, runId, ids) {
  return Array.from({ length: count }, (_, k) => async (phase) => {
    const i = from + k;
    const user = entraUser(i, runId);
    const found = await request(
      base,
      "GET",
      `${prefix}/Users?filter=${enc(`userName eq "${user.userName}"`)}`,
      { token },
    );
    phase.record(found, found.status === 200 && found.body?.totalResults === 0);
    const created = await request(base, "POST", `${prefix}/Users`, { token, body: user });
    phase.record(created, created.status === 201);
    if (ids && created.status === 201) ids[i] = created.body.id;
  });
}

const addMembers = (ids) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "Add", path: "members", value: ids.map((value) => ({ $ref: null, value })) }],
});

// ---------------------------------------------------------------------------------------------
// The portal's users table, as an admin's browser asks for it.

function cookiesOf(res, jar) {
  for (const c of res.headers.getSetCookie()) jar.set(c.split("=")[0], c.split(";")[0]);
  return [...jar.values()].join("; ");
}

async function signIn(base, email, password) {
  const jar = new Map();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  cookiesOf(csrf, jar);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: [...jar.values()].join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  return cookiesOf(res, jar);
}

async function portalTimings(base, cookie, pages) {
  const results = [];
  for (const [name, path] of pages) {
    const phase = new Phase(name);
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      const html = await res.text();
      // The first request of each page warms it up and is not counted.
      if (i > 0)
        phase.record(
          { status: res.status, ms: performance.now() - started, body: null },
          res.status === 200 && html.includes("user-count"),
        );
    }
    const r = phase.summary(1, null);
    console.log(format(r));
    results.push(r);
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Webhooks: latency at SCIM load, then a backlog's drain rate.

async function webhookPhases({ env, base, prefix, token, tenantId, databaseUrl, monitor, runId, results }) {
  const receiver = await startReceiver();
  const { endpointId, secret } = await cli(
    env,
    "webhook",
    "add",
    "--url",
    receiver.url,
    "--tenant",
    tenantId,
  );
  receiver.setSecret(secret);
  const W = Math.max(1, Math.floor(N / 2));
  const since = Date.now();
  results.push(
    await drive(
      `users + webhooks ${W} (filter + create)`,
      usersJobs(base, prefix, token, 2_000_000, W, runId, null),
      monitor,
    ),
  );
  await waitUntil(
    "the webhooks of the SCIM load",
    () => latency(receiver.receipts, since).events >= W,
    120_000,
  );
  const atLoad = latency(receiver.receipts, since);
  console.log(
    `webhooks at SCIM load: ${atLoad.events} events, commit → receiver p50 ${atLoad.p50} ms, ` +
      `p95 ${atLoad.p95} ms, p99 ${atLoad.p99} ms, max ${atLoad.max} ms`,
  );

  await cli(env, "webhook", "disable", "--endpoint", endpointId);
  const data = await sampleEventData(databaseUrl, tenantId);
  const inserting = Date.now();
  await insertBacklog(databaseUrl, tenantId, BACKLOG, data);
  console.log(
    `webhooks: ${BACKLOG} events of ${data.length} bytes written to the outbox in ${Date.now() - inserting} ms`,
  );
  const before = receiver.receipts.size;
  const cpuBefore = monitor.cpuMs();
  await cli(env, "webhook", "enable", "--endpoint", endpointId);
  const enabledAt = Date.now();
  await waitUntil(
    "the backlog",
    () => receiver.receipts.size - before >= BACKLOG,
    Math.max(300_000, BACKLOG * 10),
  );
  const arrivals = [...receiver.receipts.values()].slice(before).map((r) => r.at);
  const startedAt = Math.min(enabledAt, ...arrivals.slice(0, 1));
  const seconds = (Math.max(...arrivals) - startedAt) / 1000;
  const drainPerSec = Math.round(BACKLOG / seconds);
  const cpuMsPerEvent = +((monitor.cpuMs() - cpuBefore) / BACKLOG).toFixed(3);
  const stats = receiver.stats();
  console.log(
    `webhooks: backlog of ${BACKLOG} drained in ${seconds.toFixed(1)} s: ${drainPerSec} events/s, ` +
      `server CPU ${cpuMsPerEvent} ms/event, ${stats.requests} requests, ` +
      `${stats.verified} signatures verified, ${stats.badSignatures} bad`,
  );
  await cli(env, "webhook", "disable", "--endpoint", endpointId);
  return {
    latency: atLoad,
    drainPerSec,
    drainSeconds: +seconds.toFixed(2),
    cpuMsPerEvent,
    badSignatures: stats.badSignatures,
    close: () => receiver.close(),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    console.log("bench: building the app first…");
    await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], { cwd: ROOT });
  }
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-bench-"));
  const cleanups = [() => fs.rmSync(workdir, { recursive: true, force: true })];
  const results = [];
  const runId = Date.now().toString(36);
  try {
    let databaseUrl = `file:${path.join(workdir, "rollcall.db")}`;
    if (opts.db === "postgres") {
      const cluster = await startPgCluster({ database: "bench" });
      cleanups.unshift(() => cluster.stop());
      databaseUrl = cluster.url;
    }
    // The per-token rate limit is raised out of the way (its check still runs on every request):
    // the benchmark measures how fast Rollcall answers, not where it starts refusing.
    const env = {
      DATABASE_URL: databaseUrl,
      ROLLCALL_DATA_DIR: workdir,
      NEXTAUTH_SECRET: randomUUID(),
      SCIM_RATE_LIMIT_PER_TOKEN: "100000000",
      // The receiver is on this machine.
      WEBHOOK_ALLOW_PRIVATE: "1",
    };
    console.log(
      `bench: ${opts.db}, N=${N} users, C=${C}, ${G} groups × ${M} members, ${S} incremental, big group ${BIG}, ${os.cpus().length} cores`,
    );

    const { base, child } = await startRollcall(env);
    cleanups.unshift(() => child.kill("SIGTERM"));
    const monitor = processMonitor(child.pid);
    const adminEmail = `bench-${runId}@example.com`;
    const adminPassword = "bench password 123";
    const { tenantId } = await cli(
      env,
      "tenant",
      "create",
      "--name",
      "Bench",
      "--admin-email",
      adminEmail,
      "--admin-password",
      adminPassword,
    );
    const { idpId } = await cli(
      env,
      "idp",
      "add",
      "--tenant",
      tenantId,
      "--type",
      "wsfed",
      "--name",
      "Bench Entra",
    );
    const { tenantUrl, token } = await cli(env, "provisioning", "enable", "--idp", idpId);
    // The incremental phase disables users in bulk on purpose; the guard would hold them.
    await cli(env, "tenant", "guard", "--tenant", tenantId, "--enabled", "off");
    const prefix = new URL(tenantUrl).pathname;

    // Warm-up: compile routes, fill caches.
    await drive("warm-up", usersJobs(base, prefix, token, 1_000_000, 200, runId, null), null);

    results.push(
      await drive(
        "framework floor (GET /api/health/live)",
        Array.from({ length: FLOOR_REQUESTS }, () => async (phase) => {
          const r = await request(base, "GET", "/api/health/live");
          phase.record(r, r.status === 200);
        }),
        monitor,
      ),
    );

    const ids = [];
    const tenth = Math.max(1, Math.floor(N / 10));
    const usersFirst = await drive(
      `users 1..${tenth} (filter + create)`,
      usersJobs(base, prefix, token, 0, tenth, runId, ids),
      monitor,
    );
    const rssAt10 = monitor.now();
    const usersRest = await drive(
      `users ${tenth + 1}..${N} (filter + create)`,
      usersJobs(base, prefix, token, tenth, N - tenth, runId, ids),
      monitor,
    );
    const rssAt100 = monitor.now();
    results.push(usersFirst, usersRest);

    const cookie = await signIn(base, adminEmail, adminPassword);
    results.push(
      ...(await portalTimings(base, cookie, [
        [`portal: users table page 1 (${N} users)`, "/users"],
        [`portal: users table search`, `/users?q=${enc(`user${Math.floor(N / 2)}.`)}`],
        [`portal: users table, disabled filter`, "/users?status=disabled"],
      ])),
    );

    const userIds = ids.filter(Boolean);
    const groupJobs = Array.from({ length: G }, (_, g) => async (phase) => {
      const displayName = `Group ${g} ${runId}`;
      const found = await request(
        base,
        "GET",
        `${prefix}/Groups?excludedAttributes=members&filter=${enc(`displayName eq "${displayName}"`)}`,
        { token },
      );
      phase.record(found, found.status === 200 && found.body?.totalResults === 0);
      const created = await request(base, "POST", `${prefix}/Groups`, {
        token,
        body: {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          displayName,
          externalId: randomUUID(),
        },
      });
      phase.record(created, created.status === 201);
      for (let m = 0; m < M; m += 25) {
        const batch = Array.from(
          { length: Math.min(25, M - m) },
          (_, k) => userIds[(g * M + m + k) % userIds.length],
        );
        const patched = await request(base, "PATCH", `${prefix}/Groups/${created.body.id}`, {
          token,
          body: addMembers(batch),
        });
        phase.record(patched, patched.status === 204);
      }
    });
    results.push(await drive(`groups (${G} × ${M} members, batches of 25)`, groupJobs, monitor));

    const incremental = Array.from({ length: Math.min(S, userIds.length) }, (_, k) => async (phase) => {
      const id = userIds[(k * 7919) % userIds.length];
      const got = await request(base, "GET", `${prefix}/Users/${id}`, { token });
      phase.record(got, got.status === 200);
      const title = await request(base, "PATCH", `${prefix}/Users/${id}`, {
        token,
        body: {
          schemas: [PATCH_OP],
          Operations: [{ op: "Replace", path: "title", value: "Senior Engineer" }],
        },
      });
      phase.record(title, title.status === 200);
      const off = await request(base, "PATCH", `${prefix}/Users/${id}`, {
        token,
        body: { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] },
      });
      phase.record(off, off.status === 200 && off.body?.active === false);
    });
    results.push(await drive(`incremental (${incremental.length} × GET, 2 PATCH)`, incremental, monitor));

    let webhooks = null;
    if (BACKLOG > 0) {
      webhooks = await webhookPhases({
        env,
        base,
        prefix,
        token,
        tenantId,
        databaseUrl,
        monitor,
        runId,
        results,
      });
      cleanups.unshift(() => webhooks.close());
    }

    if (BIG > 0) {
      // The big group's figures are latencies of one request at a time: their reference is the
      // framework's own latency at concurrency 1.
      results.push(
        await drive(
          "framework latency, C=1 (GET /api/health/live)",
          Array.from({ length: 500 }, () => async (phase) => {
            const r = await request(base, "GET", "/api/health/live");
            phase.record(r, r.status === 200);
          }),
          monitor,
          1,
        ),
      );
      // A big group: fill it in batches of 1,000, then Entra-sized changes and reads.
      const extra = [];
      const needed = BIG + 2_525 - userIds.length;
      if (needed > 0) {
        await drive(
          `big group: ${needed} more users`,
          usersJobs(base, prefix, token, N, needed, runId, extra),
          monitor,
        );
      }
      const pool = [...userIds, ...extra.filter(Boolean)];
      const created = await request(base, "POST", `${prefix}/Groups`, {
        token,
        body: { displayName: `Big ${runId}` },
      });
      const gid = created.body.id;
      const fill = [];
      for (let m = 0; m < BIG; m += 1000) fill.push(pool.slice(m, Math.min(BIG, m + 1000)));
      results.push(
        await drive(
          `big group: fill to ${BIG} (1,000 per PATCH)`,
          fill.map((batch) => async (phase) => {
            const r = await request(base, "PATCH", `${prefix}/Groups/${gid}`, {
              token,
              body: addMembers(batch),
            });
            phase.record(r, r.status === 204);
          }),
          monitor,
          1,
        ),
      );
      const adds = Array.from({ length: 100 }, (_, k) => pool.slice(BIG + k * 25, BIG + (k + 1) * 25));
      results.push(
        await drive(
          `big group: add 25 × 100`,
          adds.map((batch) => async (phase) => {
            const r = await request(base, "PATCH", `${prefix}/Groups/${gid}`, {
              token,
              body: addMembers(batch),
            });
            phase.record(r, r.status === 204);
          }),
          monitor,
          1,
        ),
      );
      results.push(
        await drive(
          `big group: remove 25`,
          [
            async (phase) => {
              const r = await request(base, "PATCH", `${prefix}/Groups/${gid}`, {
                token,
                body: {
                  schemas: [PATCH_OP],
                  Operations: [
                    { op: "Remove", path: "members", value: pool.slice(0, 25).map((value) => ({ value })) },
                  ],
                },
              });
              phase.record(r, r.status === 204);
            },
          ],
          monitor,
          1,
        ),
      );
      results.push(
        await drive(
          `big group: GET excludedAttributes=members`,
          Array.from({ length: 500 }, () => async (phase) => {
            const r = await request(base, "GET", `${prefix}/Groups/${gid}?excludedAttributes=members`, {
              token,
            });
            phase.record(r, r.status === 200 && r.body.members === undefined);
          }),
          monitor,
          1,
        ),
      );
      const expected = BIG + 2_500 - 25;
      results.push(
        await drive(
          `big group: GET with all members`,
          [
            async (phase) => {
              const r = await request(base, "GET", `${prefix}/Groups/${gid}`, { token });
              phase.record(r, r.status === 200 && r.body.members.length === expected);
            },
          ],
          monitor,
          1,
        ),
      );
    }

    monitor.stop();
    child.kill("SIGTERM");

    // Machine floor: the same users phase against the minimal baseline server.
    if (opts.db === "sqlite") {
      const port = await freePort();
      const baseline = spawn(
        process.execPath,
        [path.join(ROOT, "bench/baseline-server.mjs"), path.join(workdir, "baseline.db"), String(port)],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
      cleanups.unshift(() => baseline.kill("SIGTERM"));
      const bbase = `http://127.0.0.1:${port}`;
      await waitReady(`${bbase}/x/Users?filter=x`, baseline);
      results.push(
        await drive(
          `machine floor: users (baseline server)`,
          usersJobs(bbase, "/x", null, 0, N, runId, null),
          processMonitor(baseline.pid),
        ),
      );
    }

    const floor = results.find((r) => r.phase.startsWith("framework floor"));
    const machine = results.find((r) => r.phase.startsWith("machine floor"));
    const users = usersRest;
    const errors = results.reduce((n, r) => n + r.errors, 0);
    const summary = {
      db: opts.db,
      users: N,
      concurrency: C,
      usersReqPerSec: users.reqPerSec,
      usersP99: users.p99,
      frameworkFloorRatio: +(users.reqPerSec / floor.reqPerSec).toFixed(2),
      // The same ratio in server CPU time per request, which a busy neighbour does not move.
      frameworkFloorCpuRatio:
        floor.cpuMsPerRequest && users.cpuMsPerRequest
          ? +(floor.cpuMsPerRequest / users.cpuMsPerRequest).toFixed(2)
          : null,
      machineFloorRatio: machine ? +(users.reqPerSec / machine.reqPerSec).toFixed(2) : null,
      flatness: +(usersRest.reqPerSec / usersFirst.reqPerSec).toFixed(2),
      webhookLatencyP99: webhooks?.latency.p99 ?? null,
      webhookDrainPerSec: webhooks?.drainPerSec ?? null,
      rssGrowth: +(rssAt100 / rssAt10).toFixed(2),
      errors,
    };
    console.log(
      `\nsummary: ${summary.db} N=${N} C=${C}: users ${summary.usersReqPerSec} req/s (p99 ${summary.usersP99} ms), ` +
        `${Math.round(summary.frameworkFloorRatio * 100)}% of the framework floor` +
        (summary.frameworkFloorCpuRatio !== null
          ? ` (${Math.round(summary.frameworkFloorCpuRatio * 100)}% in CPU time per request)`
          : "") +
        (summary.machineFloorRatio !== null
          ? `, ${Math.round(summary.machineFloorRatio * 100)}% of the machine floor`
          : "") +
        `, last 90% vs first 10%: ${summary.flatness}×, RSS 100% vs 10%: ${summary.rssGrowth}×, ${errors} errors` +
        (webhooks
          ? `; webhooks: commit → receiver p99 ${summary.webhookLatencyP99} ms at SCIM load, ` +
            `backlog of ${BACKLOG} drained at ${summary.webhookDrainPerSec} events/s`
          : ""),
    );
    if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ summary, results, webhooks }, null, 2));
    if (errors > 0 || (webhooks && webhooks.badSignatures > 0)) process.exitCode = 1;
  } finally {
    agent.destroy();
    for (const c of cleanups) {
      try {
        c();
      } catch {
        // best effort
      }
    }
  }
}

await main();
