// The one way the local copy changes, whichever way the events arrive: from the events API in
// commit order (sync.mjs), or as webhooks — at least once and in any order (webhook.mjs).
// Every event sets state, and only when nothing newer about the same user, group or membership was
// applied: `seen` keeps the number (`seq`) of the last event applied to each. So an event applied
// twice, or arriving after a newer one, changes nothing.
import fs from "node:fs";

export const empty = () => ({ cursor: "0", users: {}, groups: {}, members: {}, seen: {} });

export const load = (file) =>
  fs.existsSync(file) ? { ...empty(), ...JSON.parse(fs.readFileSync(file, "utf8")) } : empty();

/** Writes the copy (and its cursor) at once: a temporary file renamed over the old one. */
export function save(file, copy) {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(copy, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** Records `seq` for `key` and says whether it is newer than what was applied before. */
function newer(copy, key, seq) {
  if ((copy.seen[key] ?? 0) >= seq) return false;
  copy.seen[key] = seq;
  return true;
}

/** Deleted by an event newer than `seq` (seen, and gone). */
const deletedAfter = (copy, key, present, seq) => !present && (copy.seen[key] ?? 0) > seq;

/** A user's groups, from the memberships (each kept by its own newest event), sorted. */
const groupsOf = (copy, userId) =>
  Object.keys(copy.members)
    .filter((g) => copy.members[g].includes(userId))
    .sort();

export function apply(copy, { seq, type, data }) {
  if (seq <= (copy.seen.tenant ?? 0)) return;
  if (type.startsWith("user.")) {
    const id = data.user.id;
    if (!newer(copy, `user:${id}`, seq)) return;
    if (type !== "user.deleted") copy.users[id] = { ...data.user, groups: groupsOf(copy, id) };
    else {
      delete copy.users[id];
      for (const ids of Object.values(copy.members))
        ids.splice(0, ids.length, ...ids.filter((u) => u !== id));
    }
  } else if (type === "group.created" || type === "group.updated" || type === "group.deleted") {
    const id = data.group.id;
    if (!newer(copy, `group:${id}`, seq)) return;
    if (type !== "group.deleted") {
      copy.groups[id] = data.group;
      copy.members[id] ??= [];
    } else {
      delete copy.groups[id];
      delete copy.members[id];
      for (const user of Object.values(copy.users)) user.groups = user.groups.filter((g) => g !== id);
    }
  } else if (type === "group.member_added" || type === "group.member_removed") {
    const [g, u] = [data.group.id, data.userId];
    if (deletedAfter(copy, `group:${g}`, copy.groups[g], seq)) return;
    if (deletedAfter(copy, `user:${u}`, copy.users[u], seq)) return;
    if (!newer(copy, `member:${g}:${u}`, seq)) return;
    const ids = (copy.members[g] ??= []).filter((id) => id !== u);
    copy.members[g] = type === "group.member_added" ? [...ids, u].sort() : ids;
    if (copy.users[u]) copy.users[u].groups = groupsOf(copy, u);
  } else if (type === "tenant.deleted") {
    Object.assign(copy, { ...empty(), cursor: copy.cursor, seen: { tenant: seq } });
  }
}
