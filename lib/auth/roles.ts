/**
 * Administrator roles within a company. Each role can do what the one below it can:
 *
 * - Read-only sees everything in the portal (exports included: they are reads) and changes
 *   nothing but their own account (name, password, email, sessions, sign-in factors).
 * - Administrator also runs the identity layer: identity providers, provisioning and its tokens,
 *   guard decisions and settings, roles mapping, domains, custom attributes.
 * - Owner also runs the company: its settings (administrators' single sign-on, two-factor
 *   requirement), its administrators (invite, remove, change role, transfer ownership).
 *
 * The server checks the role in every server action and route (`requireTenantRole`); the pages
 * hide what a role cannot use, but only as a courtesy.
 */
export const ADMIN_ROLES = ["owner", "admin", "readonly"] as const;

export type AdminRole = (typeof ADMIN_ROLES)[number];

export const ROLE_LABELS: Record<AdminRole, string> = {
  owner: "Owner",
  admin: "Administrator",
  readonly: "Read-only",
};

export const ROLE_DESCRIPTIONS: Record<AdminRole, string> = {
  owner: "Everything, including the company's settings and its administrators",
  admin: "Identity providers, provisioning, guard decisions, roles mapping, domains and attributes",
  readonly: "Sees everything, changes nothing",
};

const RANK: Record<AdminRole, number> = { readonly: 0, admin: 1, owner: 2 };

export function isAdminRole(value: unknown): value is AdminRole {
  return typeof value === "string" && (ADMIN_ROLES as readonly string[]).includes(value);
}

/** A stored role as one of ours; anything unknown counts as the least (read-only). */
export function roleOf(value: unknown): AdminRole {
  return isAdminRole(value) ? value : "readonly";
}

/** Whether `role` may do what needs `needed`. */
export function hasRole(role: AdminRole, needed: AdminRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** The refusal a role gets for what it may not do. */
export function roleRefusal(role: AdminRole, needed: AdminRole): string {
  const who = needed === "owner" ? "an owner of the company" : "an administrator or an owner";
  return `Your role (${ROLE_LABELS[role]}) does not allow this: ask ${who}`;
}
