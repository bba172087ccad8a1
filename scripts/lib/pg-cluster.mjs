// Starts a throwaway PostgreSQL cluster on a free loopback port (tests, benchmark, migration
// authoring). PostgreSQL refuses to run as root, so when we are root the server runs as the
// `postgres` user on a directory it owns.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export function findPgBin() {
  const candidates = [process.env.PG_BIN];
  const root = "/usr/lib/postgresql";
  if (fs.existsSync(root)) {
    for (const v of fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      candidates.push(path.join(root, v, "bin"));
    }
  }
  return candidates.find((dir) => dir && fs.existsSync(path.join(dir, "initdb"))) ?? null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function asPostgres(args, bin) {
  const isRoot = process.getuid?.() === 0;
  const cmd = isRoot ? "runuser" : path.join(bin, args[0]);
  const full = isRoot ? ["-u", "postgres", "--", path.join(bin, args[0]), ...args.slice(1)] : args.slice(1);
  const result = spawnSync(cmd, full, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${args[0]} failed: ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** Starts a cluster; returns { url, stop() }. Throws when PostgreSQL is not installed. */
export async function startPgCluster({ database = "rollcall" } = {}) {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL is not installed (no initdb under /usr/lib/postgresql)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-pg-"));
  fs.chmodSync(dir, 0o777);
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  asPostgres(["initdb", "-D", data, "-U", "rollcall", "--auth=trust", "-E", "UTF8", "--no-sync"], bin);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  asPostgres(["pg_ctl", "-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "start"], bin);
  asPostgres(["createdb", "-h", "127.0.0.1", "-p", String(port), "-U", "rollcall", database], bin);
  let stopped = false;
  return {
    url: `postgresql://rollcall@127.0.0.1:${port}/${database}`,
    port,
    createDatabase(name) {
      asPostgres(["createdb", "-h", "127.0.0.1", "-p", String(port), "-U", "rollcall", name], bin);
      return `postgresql://rollcall@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        asPostgres(["pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], bin);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
