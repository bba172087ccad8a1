#!/usr/bin/env node
// Keeps a local copy of one tenant's directory (users, groups, memberships) in a JSON file, from
// Rollcall's events API. Plain Node.js 20, no dependencies:
//
//   ROLLCALL_URL=https://rollcall.example.com ROLLCALL_API_KEY=rck_… TENANT_ID=… \
//     node sync.mjs [directory.json] [--once]
//
// The cursor is saved with the copy after each page, so a restart (or a crash) continues where it
// left off; an event applied twice changes nothing, so replaying from an older cursor is harmless.
import { apply, load, save } from "./apply.mjs";

const base = `${process.env.ROLLCALL_URL.replace(/\/+$/, "")}/api/v1`;
const headers = { Authorization: `Bearer ${process.env.ROLLCALL_API_KEY}` };
const tenant = process.env.TENANT_ID;
const file = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "directory.json";
const once = process.argv.includes("--once");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const copy = load(file);
for (;;) {
  const query = new URLSearchParams({ after: copy.cursor, tenant, limit: "1000" });
  const res = await fetch(`${base}/events?${query}`, { headers });
  if (res.status === 429) {
    await sleep(Number(res.headers.get("retry-after") ?? 1) * 1000);
    continue;
  }
  // 410: events after the cursor are gone (retention): start a new copy from the directory API.
  if (!res.ok) throw new Error(`events API: ${res.status} ${(await res.json()).detail}`);
  const page = await res.json();
  for (const event of page.data) apply(copy, event);
  copy.cursor = page.next;
  save(file, copy); // the copy and its cursor change together
  if (!page.hasMore) {
    if (once) break;
    await sleep(2000);
  }
}
