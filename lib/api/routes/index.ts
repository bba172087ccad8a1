/**
 * Every route of the application API, in the order the OpenAPI document lists them. A new
 * endpoint is a `defineRoute` in one of these files, added here.
 */
import type { Route } from "../route";
import {
  createApplicationRoute,
  deleteApplicationRoute,
  getApplicationRoute,
  listApplications,
  rotateApplicationSecretRoute,
  updateApplicationRoute,
} from "./applications";
import { getGroup, getUser, listGroupMembers, listGroups, listUserGroups, listUsers } from "./directory";
import { listEvents } from "./events";
import { openApiRoute, problemType } from "./meta";
import { createSetupLinkRoute, listSetupLinksRoute, revokeSetupLinkRoute } from "./setup-links";
import {
  createTenantRoute,
  deleteTenantRoute,
  getTenant,
  listIdentityProviders,
  listTenants,
  updateTenant,
} from "./tenants";
import {
  addRoleMappingRoute,
  createRoleRoute,
  deleteRoleRoute,
  getRoleRoute,
  getTenantRolesRoute,
  listRolesRoute,
  moveRoleMappingRoute,
  removeRoleMappingRoute,
  setDefaultRoleRoute,
} from "./roles";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookAttempts,
  listWebhookEndpoints,
  replayWebhookEvents,
  rotateWebhookSecret,
  testWebhookEndpoint,
  updateWebhookEndpoint,
} from "./webhooks";

export const ROUTES: readonly Route[] = [
  listEvents,
  listTenants,
  createTenantRoute,
  getTenant,
  updateTenant,
  deleteTenantRoute,
  listIdentityProviders,
  listSetupLinksRoute,
  createSetupLinkRoute,
  revokeSetupLinkRoute,
  listUsers,
  getUser,
  listUserGroups,
  listGroups,
  getGroup,
  listGroupMembers,
  listWebhookEndpoints,
  createWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  testWebhookEndpoint,
  replayWebhookEvents,
  listWebhookAttempts,
  listApplications,
  createApplicationRoute,
  getApplicationRoute,
  updateApplicationRoute,
  deleteApplicationRoute,
  rotateApplicationSecretRoute,
  listRolesRoute,
  createRoleRoute,
  getRoleRoute,
  deleteRoleRoute,
  getTenantRolesRoute,
  addRoleMappingRoute,
  moveRoleMappingRoute,
  removeRoleMappingRoute,
  setDefaultRoleRoute,
  openApiRoute(() => ROUTES),
  problemType,
];
