/**
 * What roles a user has, given a tenant's role configuration and the user's groups — the one rule
 * (decision 0015), free of the database:
 *
 *   - A tenant's mappings are in precedence order (1 first). A mapping matches a user who is a
 *     member of its provisioned group, or — at sign-in — whose identity provider's groups claim
 *     names the group: a name mapping by that name (any case), an id mapping by the group's id or
 *     externalId (Entra sends object ids, which Entra also provisions as externalId).
 *   - `roles` are the roles of every matching mapping, in precedence order, each once (a later
 *     mapping to a role already given adds nothing); `role`, the primary one, is the first.
 *   - When no mapping matches, the tenant's default role, if it has one; otherwise none.
 */
import { fold } from "@/lib/db/fold";

/** A role as a tenant's configuration names it. */
export type RoleRef = { key: string; name: string };

/** A provisioned group a mapping matches. */
export type MatchedGroup = { id: string; displayName: string; externalId: string | null };

/** One of a tenant's mappings, with the provisioned group it matches now. */
export type Mapping = {
  id: string;
  precedence: number;
  role: RoleRef;
  /** What the administrator chose: a provisioned group (by id) or a group name. */
  target: { kind: "group"; groupId: string } | { kind: "name"; name: string; nameLower: string };
  /** The group by id, or the provisioned group of that name; null when there is none. */
  group: MatchedGroup | null;
};

/** A tenant's role configuration: its mappings in precedence order, and its default role. */
export type RoleWorld = { mappings: Mapping[]; defaultRole: RoleRef | null };

/** Why a user has a role. */
export type Grant =
  | { kind: "group"; role: RoleRef; precedence: number; mappingId: string; group: MatchedGroup }
  | { kind: "claim"; role: RoleRef; precedence: number; mappingId: string; value: string }
  | { kind: "default"; role: RoleRef };

export type Resolution = {
  /** Role keys, in precedence order. */
  roles: string[];
  /** The primary role: the first of `roles`. */
  role: string | null;
  /** Every reason, in precedence order (several groups may give one role). */
  grants: Grant[];
};

/** Mappings in precedence order (ties, which the services do not make, by id). */
export function byPrecedence(mappings: readonly Mapping[]): Mapping[] {
  return [...mappings].sort(
    (a, b) => a.precedence - b.precedence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The claim value that matches a mapping, if any. */
function claimMatch(
  m: Mapping,
  claims: readonly string[],
  folded: ReadonlyMap<string, string>,
): string | null {
  if (m.target.kind === "name") return folded.get(m.target.nameLower) ?? null;
  const ids = [m.target.groupId, m.group?.externalId].filter((v): v is string => Boolean(v));
  return claims.find((c) => ids.includes(c)) ?? null;
}

/**
 * The roles of a user who is a member of `groupIds` (provisioned groups) and whose identity
 * provider sent `claimGroups` (none outside sign-in).
 */
export function resolveRoles(
  world: RoleWorld,
  groupIds: ReadonlySet<string>,
  claimGroups: readonly string[] = [],
): Resolution {
  const folded = new Map<string, string>();
  for (const c of claimGroups) if (!folded.has(fold(c))) folded.set(fold(c), c);
  const grants: Grant[] = [];
  for (const m of byPrecedence(world.mappings)) {
    const base = { role: m.role, precedence: m.precedence, mappingId: m.id };
    if (m.group && groupIds.has(m.group.id)) {
      grants.push({ kind: "group", ...base, group: m.group });
      continue;
    }
    const value = claimGroups.length > 0 ? claimMatch(m, claimGroups, folded) : null;
    if (value !== null) grants.push({ kind: "claim", ...base, value });
  }
  if (grants.length === 0 && world.defaultRole) grants.push({ kind: "default", role: world.defaultRole });
  const roles = [...new Set(grants.map((g) => g.role.key))];
  return { roles, role: roles[0] ?? null, grants };
}

export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/** The provisioned groups a configuration's mappings match: the only memberships roles depend on. */
export function mappedGroupIds(...worlds: RoleWorld[]): string[] {
  const ids = new Set<string>();
  for (const w of worlds) for (const m of w.mappings) if (m.group) ids.add(m.group.id);
  return [...ids];
}
