// Webhook measurements for `npm run bench` (bench/run.mjs): a fast local receiver, the latency
// from an event's commit to its arrival under SCIM load, and the rate at which a backlog drains.
import http from "node:http";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { Webhook } from "standardwebhooks";

/**
 * A receiver that answers 200 at once and notes, per webhook-id, when it arrived and the event's
 * createdAt (its commit time, to the millisecond). One request in 100 has its signature verified.
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

export async function waitUntil(what, done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** p50/p95/p99/max of arrival minus commit, for the receipts of events committed since `since`. */
export function latency(receipts, since) {
  const values = [...receipts.values()]
    .filter((r) => r.createdAt >= since)
    .map((r) => r.at - r.createdAt)
    .sort((a, b) => a - b);
  const q = (p) => (values.length ? values[Math.min(values.length - 1, Math.floor(p * values.length))] : 0);
  return { events: values.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: values.at(-1) ?? 0 };
}

/**
 * Writes `n` events of one tenant straight into the outbox, in one transaction, each with `data`
 * (a real event's payload): a backlog, as if they had been recorded while the endpoint was off.
 * On SQLite they are numbered here (as recordEvents does); on PostgreSQL the sequencer numbers them.
 */
export async function insertBacklog(databaseUrl, tenantId, n, data) {
  const now = new Date();
  const rows = 200;
  if (databaseUrl.startsWith("file:")) {
    const db = new Sqlite(databaseUrl.slice("file:".length), { timeout: 10_000 });
    try {
      db.pragma("journal_mode = WAL");
      const at = now.toISOString().replace("Z", "+00:00");
      const insert = db.prepare(
        `INSERT INTO "Event" (id, seq, "tenantId", at, type, "idpId", data) VALUES ${Array(rows).fill("(?, ?, ?, ?, 'user.updated', NULL, ?)").join(", ")}`,
      );
      db.transaction(() => {
        let next = Number(db.prepare(`SELECT COALESCE(MAX(seq), 0) AS n FROM "Event"`).get().n) + 1;
        for (let i = 0; i < n; i += rows) {
          insert.run(
            ...Array.from({ length: rows }, (_, j) => [`bench-${i + j}`, next++, tenantId, at, data]).flat(),
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
    let k = 0;
    const values = Array.from(
      { length: rows },
      () => `($${++k}, NULL, $${++k}, $${++k}, 'user.updated', NULL, $${++k})`,
    );
    for (let i = 0; i < n; i += rows) {
      await client.query(
        `INSERT INTO "Event" (id, seq, "tenantId", at, type, "idpId", data) VALUES ${values.join(", ")}`,
        Array.from({ length: rows }, (_, j) => [`bench-${i + j}`, tenantId, now, data]).flat(),
      );
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

/** The latest payload of a user.updated (else user.created) event of the tenant, as stored. */
export async function sampleEventData(databaseUrl, tenantId) {
  const sql = `SELECT data FROM "Event" WHERE "tenantId" = ? AND type IN ('user.updated', 'user.created')
               ORDER BY CASE type WHEN 'user.updated' THEN 0 ELSE 1 END, seq DESC LIMIT 1`;
  if (databaseUrl.startsWith("file:")) {
    const db = new Sqlite(databaseUrl.slice("file:".length), { readonly: true });
    try {
      return db.prepare(sql).get(tenantId)?.data ?? "{}";
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql.replace("?", "$1"), [tenantId])).rows[0]?.data ?? "{}";
  } finally {
    await client.end();
  }
}
