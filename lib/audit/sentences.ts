/**
 * The audit log in words a person reads: each kind of entry as a sentence with its actor, its
 * target and what it counted ("alex@contoso.example revoked token rc_ab12cd… of Contoso Entra
 * ID"). The entries keep their codes (`provisioning.token_revoked`), for filters and exports;
 * these sentences are how the portal and the exports say them.
 */
type Entry = { actor: string; action: string; target: string | null; detail: string | null };

type Say = (who: string, target: string, detail: string) => string;

const q = (text: string) => `“${text}”`;
const withDetail = (sentence: string, detail: string) => (detail ? `${sentence} (${detail})` : sentence);

/** Every kind of entry, by code, with its name for the filter and its sentence. */
export const AUDIT_ACTIONS: Record<string, { label: string; say: Say }> = {
  "tenant.created": { label: "Company created", say: (w, t, d) => `${w} created the company ${q(t)} — ${d}` },
  "tenant.admin_sso_enabled": {
    label: "Administrators' single sign-on turned on",
    say: (w) => `${w} let administrators sign in through the company's identity provider`,
  },
  "tenant.admin_sso_disabled": {
    label: "Administrators' single sign-on turned off",
    say: (w) => `${w} stopped administrators signing in through the company's identity provider`,
  },
  "admin.signed_in": { label: "Signed in", say: (w, _t, d) => `${w} signed in ${d}`.trim() },
  "admin.sign_in_failed": {
    label: "Failed sign-in",
    say: (w, _t, d) => withDetail(`Someone failed to sign in as ${w}`, d),
  },
  "admin.password_accepted": {
    label: "Password accepted, second step asked",
    say: (w) => `${w} gave the right password; the second step was asked`,
  },
  "admin.second_factor_failed": {
    label: "Failed second step",
    say: (w, _t, d) => withDetail(`${w} gave a wrong second-step code`, d),
  },
  "admin.totp_enabled": {
    label: "Turned on an authenticator app",
    say: (w) => `${w} turned on an authenticator app`,
  },
  "admin.totp_disabled": {
    label: "Turned off an authenticator app",
    say: (w) => `${w} turned off their authenticator app`,
  },
  "admin.recovery_codes_renewed": {
    label: "Made new recovery codes",
    say: (w) => `${w} made new recovery codes (the old ones stopped working)`,
  },
  "admin.second_factor_reset": {
    label: "Reset an administrator's two-factor sign-in",
    say: (w, t) =>
      `${w} reset the two-factor sign-in of ${t} (their app, recovery codes and passkeys removed)`,
  },
  "admin.passkey_added": { label: "Added a passkey", say: (w, t) => `${w} added the passkey ${q(t)}` },
  "admin.passkey_removed": { label: "Removed a passkey", say: (w, t) => `${w} removed the passkey ${q(t)}` },
  "tenant.two_factor_required": {
    label: "Two-factor sign-in required",
    say: (w) => `${w} required two-factor sign-in for every administrator`,
  },
  "tenant.two_factor_optional": {
    label: "Two-factor sign-in made optional",
    say: (w) => `${w} made two-factor sign-in optional`,
  },
  "admin.signed_out_everywhere": {
    label: "Signed out everywhere",
    say: (w, _t, d) => withDetail(`${w} signed out everywhere`, d),
  },
  "admin.session_ended": {
    label: "Ended a session",
    say: (w, _t, d) => withDetail(`${w} ended one of their sessions`, d),
  },
  "admin.invited": {
    label: "Invited an administrator",
    say: (w, t, d) => `${w} invited ${t}${d ? ` ${d}` : ""}`,
  },
  "admin.invite_renewed": {
    label: "Sent an invite again",
    say: (w, t, d) => `${w} sent the invite to ${t} again${d ? ` (${d})` : ""}`,
  },
  "admin.invite_revoked": { label: "Revoked an invite", say: (w, t) => `${w} revoked the invite to ${t}` },
  "admin.joined": { label: "Joined as administrator", say: (w) => `${w} accepted their invite and joined` },
  "admin.removed": {
    label: "Removed an administrator",
    say: (w, t) => `${w} removed the administrator ${t}`,
  },
  "admin.left": { label: "Left the company", say: (w) => `${w} left the company` },
  "admin.role_changed": {
    label: "Changed an administrator's role",
    say: (w, t, d) => `${w} changed the role of ${t}: ${d}`,
  },
  "admin.ownership_transferred": {
    label: "Transferred ownership",
    say: (w, t) => `${w} made ${t} an owner and became an administrator`,
  },
  "admin.renamed": { label: "Changed their name", say: (w) => `${w} changed their name` },
  "admin.password_changed": { label: "Changed their password", say: (w) => `${w} changed their password` },
  "admin.password_reset": {
    label: "Reset their password",
    say: (w) => `${w} reset their password through a mailed link`,
  },
  "admin.email_changed": {
    label: "Changed their email",
    say: (w, t) => `${w} changed their email address: ${t}`,
  },
  "identity_provider.created": {
    label: "Added an identity provider",
    say: (w, t) => `${w} added the identity provider ${q(t)}`,
  },
  "identity_provider.updated": {
    label: "Changed an identity provider",
    say: (w, t) => `${w} changed the identity provider ${q(t)}`,
  },
  "identity_provider.deleted": {
    label: "Deleted an identity provider",
    say: (w, t) => `${w} deleted the identity provider ${q(t)}`,
  },
  "identity_provider.sso_updated": {
    label: "Changed sign-in options",
    say: (w, t, d) => withDetail(`${w} changed the sign-in options of ${q(t)}`, d),
  },
  "identity_provider.metadata_imported": {
    label: "Imported federation metadata",
    say: (w, t, d) => withDetail(`${w} imported federation metadata into ${q(t)}`, d),
  },
  "sso_domain.verified": {
    label: "Verified an email domain",
    say: (w, t) => `${w} verified the email domain ${t}`,
  },
  "sso_domain.unverified": {
    label: "Email domain no longer verified",
    say: (_w, t, d) => withDetail(`The email domain ${t} is no longer verified`, d),
  },
  "provisioning.enabled": {
    label: "Enabled provisioning",
    say: (w, t) => `${w} turned on provisioning for ${q(t)}`,
  },
  "provisioning.disabled": {
    label: "Disabled provisioning",
    say: (w, t) => `${w} turned off provisioning for ${q(t)}`,
  },
  "provisioning.token_created": {
    label: "Generated a provisioning token",
    say: (w, t, d) => `${w} generated the token ${d || "(unnamed)"} for ${q(t)}`,
  },
  "provisioning.token_revoked": {
    label: "Revoked a provisioning token",
    say: (w, t, d) => `${w} revoked the token ${d || "(unnamed)"} of ${q(t)}`,
  },
  "deprovisioning_guard.tripped": {
    label: "Deprovisioning guard tripped",
    say: (_w, _t, d) => `The deprovisioning guard tripped: ${d}`,
  },
  "deprovisioning_guard.approved": {
    label: "Approved held changes",
    say: (w, _t, d) => withDetail(`${w} approved held disables and deletes`, d),
  },
  "deprovisioning_guard.rejected": {
    label: "Rejected held changes",
    say: (w, _t, d) => withDetail(`${w} rejected held disables and deletes`, d),
  },
  "deprovisioning_guard.updated": {
    label: "Changed the deprovisioning guard",
    say: (w, _t, d) => `${w} set the deprovisioning guard to ${d}`,
  },
  "custom_attribute.defined": {
    label: "Defined a custom attribute",
    say: (w, t, d) => withDetail(`${w} defined the custom attribute ${t}`, d),
  },
  "custom_attribute.removed": {
    label: "Removed a custom attribute",
    say: (w, t, d) => withDetail(`${w} removed the custom attribute ${t}`, d),
  },
  "role_mapping.added": {
    label: "Mapped a group to a role",
    say: (w, t, d) => withDetail(`${w} mapped ${t}`, d),
  },
  "role_mapping.moved": { label: "Moved a role mapping", say: (w, t, d) => withDetail(`${w} moved ${t}`, d) },
  "role_mapping.removed": { label: "Removed a role mapping", say: (w, t) => `${w} removed the mapping ${t}` },
  "role_default.changed": {
    label: "Changed the default role",
    say: (w, t, d) => withDetail(`${w} set the default role to ${t}`, d),
  },
};

/** An entry as a sentence; a kind this version does not know is still told plainly. */
export function auditSentence(e: Entry): string {
  const known = AUDIT_ACTIONS[e.action];
  if (known) return known.say(e.actor, e.target ?? "", e.detail ?? "");
  return [`${e.actor}: ${e.action}`, e.target, e.detail].filter(Boolean).join(" · ");
}

type Param = string | string[] | undefined;

const first = (v: Param) => (Array.isArray(v) ? v[0] : v)?.slice(0, 200).trim() || undefined;

/** A `YYYY-MM-DD` day (UTC) as its first instant; undefined for anything else. */
function day(v: Param): Date | undefined {
  const text = first(v);
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const at = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * The audit filter of a query string (the page's form, and the exports' links): `actor` (part of
 * the actor's label), `action` (a known kind), `from` and `to` (days, UTC, both included).
 */
export function auditFilterOf(sp: Record<string, Param>) {
  const action = first(sp.action);
  const to = day(sp.to);
  return {
    actor: first(sp.actor),
    action: action && Object.hasOwn(AUDIT_ACTIONS, action) ? action : undefined,
    from: day(sp.from),
    to: to ? new Date(to.getTime() + 86_400_000) : undefined,
  };
}
