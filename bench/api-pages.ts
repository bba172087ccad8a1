/**
 * How long one page of the application API takes in a large tenant: starts the production build on
 * a fresh embedded database, provisions a directory through SCIM (tests/support/seed.ts: N users,
 * 50 groups, one of them with a third of the users), then times pages of 1,000 users, members and
 * events — first, deep and last pages — each the median of 5 requests, one at a time.
 *
 *   npx tsx bench/api-pages.ts [--users 100000] [--keep]
 *   npx tsx bench/api-pages.ts --data <directory a --keep run left>     (measure again, no seeding)
 */
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { nextStartArgs } from "../scripts/lib/next-start.mjs";
import { freePort } from "../scripts/lib/pg-cluster.mjs";
import { seed } from "../tests/support/seed";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    keep: { type: "boolean" },
    data: { type: "string" },
  },
});
const ROOT = path.resolve(import.meta.dirname, "..");
const dir = values.data ?? fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-api-bench-"));
type Seeded = { users: number; tenantId: string; key: string; bigGroup: string };
const seedFile = path.join(dir, "bench.json");
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: `file:${path.join(dir, "rollcall.db")}`,
  ROLLCALL_DATA_DIR: dir,
  APP_URL: url,
  NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
  SCIM_RATE_LIMIT_PER_TOKEN: "0",
  API_RATE_LIMIT_PER_KEY: "0",
};
const cli = async (...args: string[]): Promise<Record<string, string>> => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args, "--json"],
    { cwd: ROOT, env },
  );
  return JSON.parse(stdout) as Record<string, string>;
};

const server = spawn(process.execPath, nextStartArgs(port), { cwd: ROOT, env, stdio: "ignore" });
try {
  for (let ready = false; !ready;) {
    ready = await fetch(`${url}/api/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  let seeded: Seeded;
  if (values.data) {
    seeded = JSON.parse(fs.readFileSync(seedFile, "utf8")) as Seeded;
  } else {
    const { tenantId } = await cli(
      "tenant",
      "create",
      "--name",
      "Bench",
      "--admin-email",
      "bench@bench.example",
      "--admin-password",
      "correct horse battery staple",
    );
    const { idpId } = await cli("idp", "add", "--tenant", tenantId!, "--type", "wsfed", "--name", "Entra");
    await cli("tenant", "guard", "--tenant", tenantId!, "--enabled", "off");
    const { tenantUrl, token } = await cli("provisioning", "enable", "--idp", idpId!);
    const { key } = await cli(
      "api-key",
      "create",
      "--name",
      "bench",
      "--scopes",
      "events:read,directory:read",
    );
    const started = Date.now();
    const users = Number(values.users);
    const { groupIds } = await seed(tenantUrl!, token!, { users, groups: 50 });
    console.log(`seeded ${users} users and 50 groups in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    seeded = { users, tenantId: tenantId!, key: key!, bigGroup: groupIds[0]! };
    fs.writeFileSync(seedFile, JSON.stringify(seeded));
  }
  const { users, tenantId, key, bigGroup } = seeded;

  const get = async (p: string) => {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1${p}`, { headers: { Authorization: `Bearer ${key}` } });
    const body = (await res.json()) as { data: unknown[]; next: string | null };
    if (!res.ok) throw new Error(`${p}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t0, body };
  };
  const median = async (p: string) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push((await get(p)).ms);
    return Math.round(times.sort((a, b) => a - b)[2]!);
  };
  /** The cursor of page `n` (walking there page by page), and how long the walk's pages took. */
  const walk = async (p: string, n: number, param: "cursor" | "after") => {
    let cursor: string | null = null;
    const times: number[] = [];
    for (let i = 1; i < n; i++) {
      const { ms, body } = await get(
        `${p}${p.includes("?") ? "&" : "?"}limit=1000${cursor ? `&${param}=${cursor}` : ""}`,
      );
      times.push(ms);
      cursor = param === "after" ? String((body as unknown as { next: string }).next) : body.next;
    }
    return { cursor, walkMedian: Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0) };
  };
  const users1k = `/tenants/${tenantId}/users?limit=1000`;
  const someUser = ((await get(users1k)).body.data[500] as { id: string }).id;
  const deep = await walk(`/tenants/${tenantId}/users`, Math.floor(users / 1000), "cursor");
  const members = `/tenants/${tenantId}/groups/${bigGroup}/members`;
  const deepMembers = await walk(members, 20, "cursor");
  const events = await walk("/events", Math.floor(users / 2000), "after");
  const results = {
    users,
    "users: first page of 1,000 (ms)": await median(users1k),
    [`users: page ${Math.floor(users / 1000)} of 1,000 (ms)`]: await median(
      `${users1k}&cursor=${deep.cursor}`,
    ),
    "users: median page while walking all (ms)": deep.walkMedian,
    "users: updatedSince (last minute) (ms)": await median(
      `${users1k}&updatedSince=${new Date(Date.now() - 60_000).toISOString()}`,
    ),
    "one user (ms)": await median(`/tenants/${tenantId}/users/${someUser}`),
    "members of the biggest group: first page of 1,000 (ms)": await median(`${members}?limit=1000`),
    "members: page 20 of 1,000 (ms)": await median(`${members}?limit=1000&cursor=${deepMembers.cursor}`),
    "groups: page of 50 (ms)": await median(`/tenants/${tenantId}/groups?limit=1000`),
    "events: first page of 1,000 (ms)": await median("/events?limit=1000"),
    [`events: page ${Math.floor(users / 2000)} of 1,000 (ms)`]: await median(
      `/events?limit=1000&after=${events.cursor}`,
    ),
    "events: one type, 1,000 (ms)": await median("/events?limit=1000&types=group.member_added"),
  };
  console.log(JSON.stringify(results, null, 2));
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  if (!values.keep && !values.data) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
