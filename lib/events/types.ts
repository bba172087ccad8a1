/**
 * The event types Rollcall records, and what each means. The payload (`data`) of each type is
 * described next to it and, as a schema, in ./payloads.ts, from which the events API's OpenAPI
 * document is generated.
 */
export const EVENT_TYPES = {
  "user.created": "A user was provisioned (or created at first sign-in). data: { user }",
  "user.updated": "A user's attributes changed. data: { user, changes: [{ path, before?, after? }] }",
  "user.deactivated": "A user was disabled (active became false). data: { user, changes }",
  "user.reactivated": "A disabled user was enabled again. data: { user, changes }",
  "user.deleted": "A user was deleted; `user` is as it last was. data: { user }",
  "group.created": "A group was created (its members follow as group.member_added). data: { group }",
  "group.updated": "A group's attributes (e.g. its name) changed. data: { group, changes }",
  "group.deleted": "A group was deleted (its memberships with it). data: { group }",
  "group.member_added":
    "A user became a member of a group. data: { group: { id, externalId, displayName }, userId }",
  "group.member_removed": "A user stopped being a member of a group. data: { group, userId }",
  "identity_provider.created": "An identity provider was added. data: { identityProvider }",
  "identity_provider.updated": "An identity provider's settings changed. data: { identityProvider }",
  "identity_provider.deleted": "An identity provider was deleted. data: { identityProvider }",
  "identity_provider.certificate_expiring":
    "An identity provider's signing certificate (current or next) expires within 30, 7 or 1 days: sent once per certificate and stage. data: { identityProvider, certificateSha256, notAfter, daysLeft }",
  "provisioning.enabled": "Provisioning was turned on for an identity provider. data: { identityProvider }",
  "provisioning.disabled": "Provisioning was turned off (every token revoked). data: { identityProvider }",
  "provisioning.token_created": "A SCIM token was issued. data: { identityProvider, tokenId }",
  "provisioning.token_revoked": "A SCIM token was revoked. data: { identityProvider, tokenId }",
  "custom_attribute.defined":
    "An administrator defined a custom user attribute. data: { schema, name, type, multiValued }",
  "custom_attribute.removed":
    "A custom attribute was removed, with every user's value of it (those users' versions changed; no user.updated is sent for each). data: { schema, name, usersAffected }",
  "deprovisioning_guard.tripped":
    "Mass deprovisioning was detected; further disables and deletes are held. data: { count, activeUsers, windowMinutes }",
  "deprovisioning_guard.approved": "An admin applied held changes. data: { applied, superseded, gone }",
  "deprovisioning_guard.rejected": "An admin discarded held changes. data: { rejected }",
  "tenant.created": "A tenant (a company) was created. data: { tenant }",
  "tenant.updated": "A tenant's name changed. data: { tenant, changes }",
  "tenant.deleted":
    "A tenant was deleted with everything it had (users, groups, identity providers); no event follows for each of them. data: { tenant }",
  "webhook_endpoint.disabled":
    "A webhook endpoint was disabled because every attempt to deliver to it failed for the whole retry window (3 days). An operator event: tenantId is the endpoint's tenant filter, or null. data: { endpoint: { id, origin, description }, reason, failingSince }",
} as const;

export type EventType = keyof typeof EVENT_TYPES;

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}
