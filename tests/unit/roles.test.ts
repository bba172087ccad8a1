/**
 * The precedence rule of roles from groups (decision 0015): every matching mapping's role in
 * precedence order, each once, the first primary; the default role only when nothing matches; the
 * groups claim by name (any case) or by a group's id or externalId; and a group re-matched under a
 * new name, as a SCIM rename or delete sees it.
 */
import { describe, expect, it } from "vitest";
import { mappingsOf, withGroupNamed } from "@/lib/roles/diff";
import { resolveRoles, sameRoles, type Mapping, type RoleWorld } from "@/lib/roles/resolve";

const role = (key: string) => ({ key, name: key.toUpperCase() });
const byId = (id: string, precedence: number, key: string, externalId: string | null = null): Mapping => ({
  id: `m${precedence}`,
  precedence,
  role: role(key),
  target: { kind: "group", groupId: id },
  group: { id, displayName: id.toUpperCase(), externalId },
});
const byName = (name: string, precedence: number, key: string, matched: string | null): Mapping => ({
  id: `m${precedence}`,
  precedence,
  role: role(key),
  target: { kind: "name", name, nameLower: name.toLowerCase() },
  group: matched === null ? null : { id: matched, displayName: name, externalId: null },
});

const world = (mappings: Mapping[], defaultRole: string | null = null): RoleWorld => ({
  mappings,
  defaultRole: defaultRole === null ? null : role(defaultRole),
});

describe("resolveRoles", () => {
  const config = world(
    [
      byId("g-viewers", 3, "viewer"),
      byId("g-admins", 1, "admin", "entra-1"),
      byName("Staff", 2, "member", "g-staff"),
    ],
    "guest",
  );

  it("lists every matching mapping's role in precedence order; the first is the primary role", () => {
    const r = resolveRoles(config, new Set(["g-viewers", "g-admins"]));
    expect(r.roles).toEqual(["admin", "viewer"]);
    expect(r.role).toBe("admin");
    expect(r.grants.map((g) => g.kind === "group" && g.group.id)).toEqual(["g-admins", "g-viewers"]);
  });

  it("names a role once, at its first mapping, however many groups give it", () => {
    const twice = world([byId("a", 1, "member"), byId("b", 2, "admin"), byId("c", 3, "member")]);
    const r = resolveRoles(twice, new Set(["a", "b", "c"]));
    expect(r.roles).toEqual(["member", "admin"]);
    expect(r.grants).toHaveLength(3);
  });

  it("gives the default role only when no mapping matches, and nothing without one", () => {
    expect(resolveRoles(config, new Set(["g-other"]))).toMatchObject({ roles: ["guest"], role: "guest" });
    expect(resolveRoles(config, new Set(["g-staff"])).roles).toEqual(["member"]);
    expect(resolveRoles(world(config.mappings), new Set())).toEqual({ roles: [], role: null, grants: [] });
  });

  it("matches the groups claim by name in any case, and an id mapping by the group's id or externalId", () => {
    expect(resolveRoles(config, new Set(), ["STAFF"]).roles).toEqual(["member"]);
    expect(resolveRoles(config, new Set(), ["entra-1"]).roles).toEqual(["admin"]);
    expect(resolveRoles(config, new Set(), ["g-viewers", "Staff"]).roles).toEqual(["member", "viewer"]);
    expect(resolveRoles(config, new Set(), ["ADMINS", "entra-2"]).roles).toEqual(["guest"]);
    // Compared as displayName is (NFKC, then lower case): the long s is an s.
    expect(resolveRoles(config, new Set(), ["ſtaff"]).roles).toEqual(["member"]);
  });

  it("prefers a membership over the claim for the same mapping (one grant each)", () => {
    const r = resolveRoles(config, new Set(["g-staff"]), ["staff"]);
    expect(r.grants).toEqual([expect.objectContaining({ kind: "group", mappingId: "m2" })]);
  });

  it("tells role lists apart by order too", () => {
    expect(sameRoles(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameRoles(["a", "b"], ["b", "a"])).toBe(false);
    expect(sameRoles([], ["a"])).toBe(false);
  });
});

describe("a group re-matched under a new name", () => {
  const config = world([
    byName("Sales", 1, "member", "g1"),
    byId("g1", 2, "admin"),
    byName("Ops", 3, "viewer", null),
  ]);
  const g1 = { id: "g1", displayName: "Sales", externalId: null };

  it("keeps its id mappings, loses the old name's and gains the new name's", () => {
    const renamed = withGroupNamed(config, g1, "ops");
    expect(mappingsOf(config, "g1")).toBe("m1,m2");
    expect(mappingsOf(renamed, "g1")).toBe("m2,m3");
  });

  it("matches nothing once deleted (or before it was created)", () => {
    expect(mappingsOf(withGroupNamed(config, g1, null), "g1")).toBe("");
  });
});
