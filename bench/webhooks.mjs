// Webhook measurements for `npm run bench` (bench/run.mjs), in the same run as the SCIM figures:
//   1. The cost of events and webhooks on SCIM: the same Entra cycle (filter + create users, then
//      GET + 2 PATCHes each) against three fresh servers — events off (ROLLCALL_EVENTS=off), events
//      on without a webhook endpoint, and events on with an endpoint delivering every event to a
//      local receiver — in rounds that rotate their order, so that a busy neighbour slows all alike.
//   2. The latency from an event's commit to its arrival at the receiver, at that full SCIM load.
//   3. A backlog of `events` events (written to the outbox while the endpoint is disabled) drained
//      to the fast receiver once it is enabled, with SCIM reads timed while it drains.
import http from "node:http";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { Webhook } from "standardwebhooks";

/**
 * A receiver that answers 200 at once and notes, per webhook-id, when it first arrived and the
 * event's createdAt (its commit time, to the millisecond). One request in 100 has its signature
 * verified (all of them would make the receiver, not Rollcall, the bottleneck).
 */
export async function startReceiver() {
  const receipts = new Map();
  let secret = null;
  let verified = 0;
  let badSignatures = 0;
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      const id = String(req.headers["webhook-id"]);
      const body = Buffer.concat(chunks).toString("utf8");
      requests++;
      if (secret && requests % 100 === 1) {
        try {
          new Webhook(secret).verify(body, req.headers);
          verified++;
        } catch {
          badSignatures++;
        }
      }
      const createdAt = Date.parse(/"createdAt":"([^"]+)"/.exec(body)?.[1] ?? "");
      if (!receipts.has(id)) receipts.set(id, { at, createdAt });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/bench`,
    receipts,
    setSecret: (s) => (secret = s),
    stats: () => ({ requests, verified, badSignatures }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function waitUntil(what, done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** p50/p95/p99/max of arrival minus commit, over the receipts. */
function latency(receipts) {
  const values = [...receipts.values()].map((r) => r.at - r.createdAt).sort((a, b) => a - b);
  const q = (p) => (values.length ? values[Math.min(values.length - 1, Math.floor(p * values.length))] : 0);
  return { events: values.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: values.at(-1) ?? 0 };
}

/** One query on the bench database (SQLite file or PostgreSQL), `?` placeholders on both. */
async function query(databaseUrl, sql, params = []) {
  if (databaseUrl.startsWith("file:")) {
    const db = new Sqlite(databaseUrl.slice("file:".length), { readonly: true });
    try {
      return db.prepare(sql).all(...params);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let n = 0;
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows;
  } finally {
    await client.end();
  }
}

/**
 * Writes `n` events of one tenant straight into the outbox, in one transaction, each with `data`
 * (a real event's payload): a backlog, as if they had been recorded while the endpoint was off.
 * On SQLite they are numbered here (as the outbox does); on PostgreSQL the sequencer numbers them.
 */
async function insertBacklog(databaseUrl, tenantId, n, data) {
  const now = new Date();
  const rows = 200;
  if (databaseUrl.startsWith("file:")) {
    const db = new Sqlite(databaseUrl.slice("file:".length), { timeout: 10_000 });
    try {
      db.pragma("journal_mode = WAL");
      const at = now.toISOString().replace("Z", "+00:00");
      const insert = (count) =>
        db.prepare(
          `INSERT INTO "Event" (id, seq, "tenantId", at, type, "idpId", data) VALUES ${Array(count).fill("(?, ?, ?, ?, 'user.updated', NULL, ?)").join(", ")}`,
        );
      db.transaction(() => {
        let next = Number(db.prepare(`SELECT COALESCE(MAX(seq), 0) AS n FROM "Event"`).get().n) + 1;
        for (let i = 0; i < n; i += rows) {
          const count = Math.min(rows, n - i);
          insert(count).run(
            ...Array.from({ length: count }, (_, j) => [`bench-${i + j}`, next++, tenantId, at, data]).flat(),
          );
        }
      }).immediate();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (let i = 0; i < n; i += rows) {
      const count = Math.min(rows, n - i);
      let k = 0;
      const values = Array.from(
        { length: count },
        () => `($${++k}, NULL, $${++k}, $${++k}, 'user.updated', NULL, $${++k})`,
      );
      await client.query(
        `INSERT INTO "Event" (id, seq, "tenantId", at, type, "idpId", data) VALUES ${values.join(", ")}`,
        Array.from({ length: count }, (_, j) => [`bench-${i + j}`, tenantId, now, data]).flat(),
      );
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

/** A fresh database next to the bench's own: a second SQLite file, or a new PostgreSQL database. */
async function freshDatabase(databaseUrl, name) {
  if (databaseUrl.startsWith("file:")) return databaseUrl.replace(/[^/]+$/, `${name}.db`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return databaseUrl.replace(/\/[^/]+$/, `/${name}`);
}

/**
 * Runs the three measurements. `bench` gives run.mjs's tools: env, startRollcall, cli, drive,
 * request, usersJobs, processMonitor, runId, concurrency; `users` is the size of the cycle, `events`
 * of the backlog.
 */
export async function webhookBench(bench, { users, events, rounds = 3 }) {
  const { env, startRollcall, cli, drive, request, usersJobs, processMonitor, runId } = bench;
  const receiver = await startReceiver();
  const servers = [];
  try {
    // Three fresh installations: events off; events on; events on with an endpoint for every event.
    for (const [label, extra] of [
      ["events off", { ROLLCALL_EVENTS: "off" }],
      ["events on", {}],
      ["events + webhooks on", {}],
    ]) {
      const databaseUrl = await freshDatabase(env.DATABASE_URL, `webhooks_${servers.length}_${runId}`);
      const serverEnv = { ...env, ...extra, DATABASE_URL: databaseUrl };
      const { base, child } = await startRollcall(serverEnv);
      const { tenantId } = await cli(
        serverEnv,
        "tenant",
        "create",
        "--name",
        "Hooks",
        "--admin-email",
        `hooks-${servers.length}-${runId}@example.com`,
        "--admin-password",
        "bench password 123",
      );
      const { idpId } = await cli(
        serverEnv,
        "idp",
        "add",
        "--tenant",
        tenantId,
        "--type",
        "wsfed",
        "--name",
        "Entra",
      );
      const { tenantUrl, token } = await cli(serverEnv, "provisioning", "enable", "--idp", idpId);
      await cli(serverEnv, "tenant", "guard", "--tenant", tenantId, "--enabled", "off");
      servers.push({
        label,
        base,
        child,
        env: serverEnv,
        databaseUrl,
        tenantId,
        token,
        prefix: new URL(tenantUrl).pathname,
        monitor: processMonitor(child.pid),
        ids: [],
        requests: 0,
        seconds: 0,
        cpuMs: 0,
      });
    }
    const on = servers[2];
    const { endpointId, secret } = await cli(
      on.env,
      "webhook",
      "add",
      "--url",
      receiver.url,
      "--tenant",
      on.tenantId,
    );
    receiver.setSecret(secret);
    for (const s of servers) {
      await drive(
        `warm-up (${s.label})`,
        usersJobs(s.base, s.prefix, s.token, 1_000_000, 200, runId, null),
        null,
      );
    }
    await waitUntil("the warm-up's webhooks", () => receiver.receipts.size >= 200, 120_000);
    receiver.receipts.clear();
    const [{ n: mark }] = await query(on.databaseUrl, `SELECT MAX(seq) AS n FROM "Event"`);

    // 1 + 2: the Entra cycle, in alternating rounds.
    const results = [];
    const per = Math.ceil(users / rounds);
    for (let round = 0; round < rounds; round++) {
      for (const s of [...servers.slice(round % 3), ...servers.slice(0, round % 3)]) {
        const from = round * per;
        const created = await drive(
          `cycle ${round + 1}/${rounds}: users (${s.label})`,
          usersJobs(s.base, s.prefix, s.token, from, per, runId, s.ids),
          s.monitor,
        );
        const changed = s.ids.slice(from, from + per).filter(Boolean);
        const incremental = await drive(
          `cycle ${round + 1}/${rounds}: GET + 2 PATCH (${s.label})`,
          changed.map((id) => async (phase) => {
            const got = await request(s.base, "GET", `${s.prefix}/Users/${id}`, { token: s.token });
            phase.record(got, got.status === 200);
            for (const [path, value] of [
              ["title", "Senior Engineer"],
              ["active", "False"],
            ]) {
              const r = await request(s.base, "PATCH", `${s.prefix}/Users/${id}`, {
                token: s.token,
                body: {
                  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  Operations: [{ op: "Replace", path, value }],
                },
              });
              phase.record(r, r.status === 200);
            }
          }),
          s.monitor,
        );
        for (const r of [created, incremental]) {
          s.requests += r.requests;
          s.seconds += r.seconds;
          s.cpuMs += (r.cpuMsPerRequest ?? 0) * r.requests;
          results.push(r);
        }
      }
    }
    const [off, eventsOnly] = servers;
    const rate = (s) => Math.round(s.requests / s.seconds);
    const cpu = (s) => +(s.cpuMs / s.requests).toFixed(3);
    const cost = {
      offReqPerSec: rate(off),
      eventsReqPerSec: rate(eventsOnly),
      onReqPerSec: rate(on),
      drop: +(1 - rate(on) / rate(off)).toFixed(3),
      offCpuMsPerRequest: cpu(off),
      eventsCpuMsPerRequest: cpu(eventsOnly),
      onCpuMsPerRequest: cpu(on),
      cpuIncrease: +(cpu(on) / cpu(off) - 1).toFixed(3),
    };
    console.log(
      `webhooks: Entra cycle ${cost.offReqPerSec} req/s with events off, ${cost.eventsReqPerSec} with events on, ` +
        `${cost.onReqPerSec} with events + webhooks on (${(cost.drop * 100).toFixed(1)}% drop); server CPU ` +
        `${cost.offCpuMsPerRequest}, ${cost.eventsCpuMsPerRequest}, ${cost.onCpuMsPerRequest} ms/request ` +
        `(+${(cost.cpuIncrease * 100).toFixed(1)}% with events + webhooks)`,
    );
    // Every event of the cycle: numbered (PostgreSQL numbers them after commit) and received.
    await waitUntil(
      "the cycle's webhooks",
      async () => {
        const [{ numbered, pending }] = await query(
          on.databaseUrl,
          `SELECT COUNT(seq) AS numbered, COUNT(*) - COUNT(seq) AS pending FROM "Event" WHERE seq > ? OR seq IS NULL`,
          [Number(mark)],
        );
        return Number(pending) === 0 && receiver.receipts.size >= Number(numbered);
      },
      300_000,
    );
    const atLoad = latency(receiver.receipts);
    console.log(
      `webhooks at SCIM load: ${atLoad.events} events, commit → receiver p50 ${atLoad.p50} ms, ` +
        `p95 ${atLoad.p95} ms, p99 ${atLoad.p99} ms, max ${atLoad.max} ms`,
    );

    // 3: the backlog, with SCIM reads timed before and while it drains.
    off.child.kill("SIGTERM");
    eventsOnly.child.kill("SIGTERM");
    await cli(on.env, "webhook", "disable", "--endpoint", endpointId);
    const { key: apiKey } = await cli(
      on.env,
      "api-key",
      "create",
      "--name",
      "bench",
      "--scopes",
      "webhooks:write",
    );
    const [{ data }] = await query(
      on.databaseUrl,
      `SELECT data FROM "Event" WHERE "tenantId" = ? AND type = 'user.updated' ORDER BY seq DESC LIMIT 1`,
      [on.tenantId],
    );
    const inserting = Date.now();
    await insertBacklog(on.databaseUrl, on.tenantId, events, data);
    console.log(
      `webhooks: ${events} events of ${data.length} bytes written to the outbox in ${Date.now() - inserting} ms`,
    );
    const reads = (name, stop, count) => {
      const ids = on.ids.filter(Boolean);
      let k = 0;
      const job = async (phase) => {
        const r = await request(on.base, "GET", `${on.prefix}/Users/${ids[k++ % ids.length]}`, {
          token: on.token,
        });
        phase.record(r, r.status === 200);
      };
      // Four readers, a request each at a time, until `stop` says so (or `count` requests).
      return drive(
        name,
        Array.from({ length: count }, () => async (phase) => (stop() ? undefined : job(phase))),
        null,
        4,
      );
    };
    const idle = await reads("SCIM GET /Users/{id}, C=4, idle", () => false, 2_000);
    receiver.receipts.clear();
    const before = receiver.stats().requests;
    const cpuBefore = on.monitor.cpuMs();
    // Enabled through the management API, so that the clock starts when it is (not a CLI's start-up).
    const enabledAt = Date.now();
    const enabled = await fetch(`${on.base}/api/v1/webhooks/${endpointId}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ enabled: true }),
    });
    if (!enabled.ok)
      throw new Error(`bench: enabling the endpoint: ${enabled.status} ${await enabled.text()}`);
    const drained = () => receiver.receipts.size >= events;
    // (Only the drain's first seconds: the reads take CPU from it.)
    const during = await reads("SCIM GET /Users/{id}, C=4, while draining", drained, 1_000);
    await waitUntil("the backlog", drained, Math.max(300_000, events * 20));
    const last = Math.max(...[...receiver.receipts.values()].map((r) => r.at));
    const seconds = (last - enabledAt) / 1000;
    const drainPerSec = Math.round(events / seconds);
    const stats = receiver.stats();
    const drain = {
      events,
      seconds: +seconds.toFixed(2),
      perSec: drainPerSec,
      requests: stats.requests - before,
      cpuMsPerEvent: +((on.monitor.cpuMs() - cpuBefore) / events).toFixed(3),
      scimGetP99Idle: idle.p99,
      scimGetP99Draining: during.p99,
    };
    console.log(
      `webhooks: backlog of ${events} drained in ${drain.seconds} s: ${drainPerSec} events/s, ` +
        `server CPU ${drain.cpuMsPerEvent} ms/event, ${drain.requests} requests; SCIM GET p99 ` +
        `${idle.p99} ms idle, ${during.p99} ms while draining; ${stats.verified} signatures verified, ` +
        `${stats.badSignatures} bad`,
    );
    return {
      cost,
      latency: atLoad,
      drain,
      badSignatures: stats.badSignatures,
      results: [...results, idle, during],
    };
  } finally {
    for (const s of servers) s.child.kill("SIGTERM");
    await receiver.close();
  }
}
