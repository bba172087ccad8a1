/**
 * The integration harness: starts the real production build (`next start`) on a free port with a
 * fresh database (a new SQLite file, or a new database in the shared PostgreSQL cluster), and runs
 * the operator CLI against the same database.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import { nextStartArgs } from "../../scripts/lib/next-start.mjs";
import { freePort } from "../../scripts/lib/pg-cluster.mjs";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

export type TestDb = "sqlite" | "postgres";

/** The databases this machine can test: SQLite always, PostgreSQL when installed. */
export function testDatabases(): TestDb[] {
  return inject("pgUrl") ? ["sqlite", "postgres"] : ["sqlite"];
}

export type Database = { kind: TestDb; url: string; dataDir: string; drop(): Promise<void> };

export async function createDatabase(kind: TestDb): Promise<Database> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-test-"));
  if (kind === "sqlite") {
    return {
      kind,
      url: `file:${path.join(dataDir, "rollcall.db")}`,
      dataDir,
      async drop() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const base = inject("pgUrl");
  if (!base) throw new Error("PostgreSQL is not available");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = base.replace(/\/[^/]+$/, `/${name}`);
  return {
    kind,
    url,
    dataDir,
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      // A closed pool's connections may still be ending: FORCE would kill them mid-way (an error
      // in a client the test no longer listens to). Give them a second to go.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
          [name],
        );
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Reads rows straight from a test database (SQLite file or PostgreSQL), `?` placeholders on both. */
export async function queryRows<T = Record<string, unknown>>(
  database: Database,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (database.kind === "sqlite") {
    const db = new Sqlite(database.url.slice("file:".length), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  return pgQuery<T>(database, sql, params);
}

/**
 * Changes a test database directly, for set-ups the product offers no way to make (a user created
 * hours ago). Times are ISO strings on SQLite.
 */
export async function executeSql(database: Database, sql: string, params: unknown[] = []): Promise<void> {
  if (database.kind === "sqlite") {
    const db = new Sqlite(database.url.slice("file:".length), { timeout: 5000 });
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  await pgQuery(database, sql, params);
}

async function pgQuery<T>(database: Database, sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    let n = 0;
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  } finally {
    await client.end();
  }
}

export type App = {
  url: string;
  database: Database;
  env: NodeJS.ProcessEnv;
  /** Runs the operator CLI with --json and returns its parsed output. */
  cli<T = Record<string, string>>(...args: string[]): Promise<T>;
  logs(): string;
  /** Kills the server without warning (SIGKILL), keeping its database. */
  kill(): Promise<void>;
  stop(): Promise<void>;
};

export async function startApp(
  kind: TestDb,
  { database, env: extraEnv = {} }: { database?: Database; env?: Record<string, string> } = {},
): Promise<App> {
  const db = database ?? (await createDatabase(kind));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: db.url,
    APP_URL: url,
    NEXTAUTH_URL: url,
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    ROLLCALL_DATA_DIR: db.dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  };
  let output = "";
  const child: ChildProcess = spawn(process.execPath, nextStartArgs(port), {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/health/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    database: db,
    env,
    async cli<T>(...args: string[]): Promise<T> {
      const { stdout } = await run(
        process.execPath,
        ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args, "--json"],
        { cwd: ROOT, env },
      );
      return JSON.parse(stdout) as T;
    },
    logs: () => output,
    async kill() {
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      if (!database) await db.drop();
    },
  };
}

/**
 * A tenant with one identity provider and provisioning enabled, made through the CLI. The
 * mass-deprovisioning guard is turned off unless `guard` is true: most suites delete and disable
 * users in bulk on small directories to test SCIM itself (the guard has its own suite).
 */
export async function provisionedTenant(app: App, name = "Contoso", { guard = false } = {}) {
  const email = `admin-${randomBytes(4).toString("hex")}@${name.toLowerCase()}.example`;
  const password = "correct horse battery staple";
  const { tenantId } = await app.cli(
    "tenant",
    "create",
    "--name",
    name,
    "--admin-email",
    email,
    "--admin-password",
    password,
  );
  const { idpId } = await app.cli(
    "idp",
    "add",
    "--tenant",
    tenantId!,
    "--type",
    "wsfed",
    "--name",
    `${name} Entra ID`,
  );
  const { tenantUrl, token } = await app.cli("provisioning", "enable", "--idp", idpId!);
  if (!guard) await app.cli("tenant", "guard", "--tenant", tenantId!, "--enabled", "off");
  return { tenantId: tenantId!, idpId: idpId!, tenantUrl: tenantUrl!, token: token!, email, password };
}

/**
 * Signs an admin in through next-auth's credentials endpoint, as the sign-in form does. Returns
 * the session cookie (and every cookie set), or next-auth's error code ("CredentialsSignin",
 * "too-many-attempts"). `headers` are sent with both requests (an X-Forwarded-For, a Cookie).
 */
export async function credentialsSignIn(
  app: App,
  email: string,
  password: string,
  { headers = {} }: { headers?: Record<string, string> } = {},
): Promise<{ cookie: string; setCookies: string[] } | { error: string | null }> {
  const { Cookie: extraCookie, ...otherHeaders } = headers;
  const csrf = await fetch(`${app.url}/api/auth/csrf`, { headers: otherHeaders });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = [
    ...csrf.headers.getSetCookie().map((c) => c.split(";")[0]),
    ...(extraCookie ? [extraCookie] : []),
  ].join("; ");
  const res = await fetch(`${app.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...otherHeaders, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }).toString(),
  });
  const setCookies = res.headers.getSetCookie();
  const session = setCookies.find((c) => c.startsWith("next-auth.session-token="));
  if (session) return { cookie: session.split(";")[0]!, setCookies };
  const { url } = (await res.json()) as { url: string };
  return { error: new URL(url, app.url).searchParams.get("error") };
}

/** Signs out through next-auth's endpoint, as the sign-out button does. */
export async function credentialsSignOut(app: App, sessionCookie: string): Promise<number> {
  const csrf = await fetch(`${app.url}/api/auth/csrf`, { headers: { Cookie: sessionCookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = [sessionCookie, ...csrf.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  const res = await fetch(`${app.url}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
  });
  return res.status;
}
