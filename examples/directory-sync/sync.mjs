#!/usr/bin/env node
// Keeps a local copy of one tenant's directory (users, groups, memberships) in a JSON file, from
// Rollcall's events API. Plain Node.js 20, no dependencies:
//
//   ROLLCALL_URL=https://rollcall.example.com ROLLCALL_API_KEY=rck_… TENANT_ID=… \
//     node sync.mjs [directory.json] [--once]
//
// The cursor is saved with the copy after each page, so a restart (or a crash) continues where it
// left off; an event applied twice changes nothing, so replaying from an older cursor is harmless.
import fs from "node:fs";

const base = `${process.env.ROLLCALL_URL.replace(/\/+$/, "")}/api/v1`;
const headers = { Authorization: `Bearer ${process.env.ROLLCALL_API_KEY}` };
const tenant = process.env.TENANT_ID;
const file = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "directory.json";
const once = process.argv.includes("--once");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const empty = () => ({ cursor: "0", users: {}, groups: {}, members: {} });

function add(list, id) {
  if (!list.includes(id)) list.push(id);
  list.sort(); // ids sorted, as the API lists them
}
function remove(list, id) {
  if (list.includes(id)) list.splice(list.indexOf(id), 1);
}

/** Sets the copy to what the event says (never adds blindly), so applying it again is a no-op. */
function apply(copy, { type, data }) {
  if (type.startsWith("user.") && type !== "user.deleted") copy.users[data.user.id] = data.user;
  else if (type === "user.deleted") {
    delete copy.users[data.user.id];
    for (const ids of Object.values(copy.members)) remove(ids, data.user.id);
  } else if (type === "group.created" || type === "group.updated") {
    copy.groups[data.group.id] = data.group;
    copy.members[data.group.id] ??= [];
  } else if (type === "group.deleted") {
    delete copy.groups[data.group.id];
    delete copy.members[data.group.id];
    for (const user of Object.values(copy.users)) remove(user.groups, data.group.id);
  } else if (type === "group.member_added" || type === "group.member_removed") {
    const change = type === "group.member_added" ? add : remove;
    change((copy.members[data.group.id] ??= []), data.userId);
    if (copy.users[data.userId]) change(copy.users[data.userId].groups, data.group.id);
  } else if (type === "tenant.deleted") {
    Object.assign(copy, { ...empty(), cursor: copy.cursor });
  }
}

const copy = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : empty();
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
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(copy, null, 2));
  fs.renameSync(`${file}.tmp`, file); // the copy and its cursor change together
  if (!page.hasMore) {
    if (once) break;
    await sleep(2000);
  }
}
