"use server";

import { cookies } from "next/headers";
import type { TokenState } from "@/components/portal/idp/provisioning-panel";
import { runAction, type ActionState } from "@/lib/action-state";
import { AppError } from "@/lib/errors";
import { createIdentityProvider } from "@/lib/identity-providers/service";
import { federationMetadataPreview, type MetadataPreviewData } from "@/lib/identity-providers/sso-settings";
import {
  disableProvisioning,
  enableProvisioning,
  generateNewToken,
  revokeToken,
  type TokenOptions,
} from "@/lib/provisioning/service";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";
import { startSetupLink } from "@/lib/setup-links/service";
import { setupPrincipal } from "./load";

/**
 * The set-up link's actions (decision 0018): each one finds who acts from the link in its first
 * argument and this browser's cookie — never from the client's word — and reaches only that
 * company's identity providers, through the same services as the portal (audited under the link).
 */

/** "Start the set-up": binds the link to this browser (its cookie). */
export async function startSetupAction(token: string): Promise<ActionState> {
  return runAction(async () => {
    const { browserSecret } = await startSetupLink(token);
    (await cookies()).set(cookieName("setupLink"), browserSecret, cookieAttributes("setupLink"));
  });
}

/** Adds an identity provider by name and type (WS-Federation or SAML 2.0); answers its id. */
export async function setupAddIdpAction(
  token: string,
  input: { displayName: unknown; type: unknown },
): Promise<ActionState<string>> {
  return runAction(async () => {
    const link = await setupPrincipal(token);
    if (input.type !== "wsfed" && input.type !== "saml") {
      throw new AppError("Choose WS-Federation or SAML 2.0", { field: "type" });
    }
    const idp = await createIdentityProvider(link.tenantId, link.actor, {
      displayName: String(input.displayName ?? ""),
      type: input.type,
      isDefault: false,
    });
    return idp.id;
  });
}

export async function setupMetadataAction(
  token: string,
  idpId: string,
  xml: string,
  apply: boolean,
): Promise<ActionState<MetadataPreviewData>> {
  return runAction(async () => {
    const link = await setupPrincipal(token);
    return federationMetadataPreview(link.tenantId, link.actor, idpId, xml, apply);
  });
}

export async function setupEnableProvisioningAction(
  token: string,
  idpId: string,
  options: TokenOptions,
): Promise<TokenState> {
  return runAction(async () => {
    const link = await setupPrincipal(token);
    const {
      tenantUrl,
      token: secret,
      name,
    } = await enableProvisioning(link.tenantId, link.actor, idpId, options);
    return { tenantUrl, token: secret, name };
  });
}

export async function setupGenerateTokenAction(
  token: string,
  idpId: string,
  options: TokenOptions,
): Promise<TokenState> {
  return runAction(async () => {
    const link = await setupPrincipal(token);
    const {
      tenantUrl,
      token: secret,
      name,
    } = await generateNewToken(link.tenantId, link.actor, idpId, options);
    return { tenantUrl, token: secret, name };
  });
}

export async function setupRevokeTokenAction(
  token: string,
  idpId: string,
  tokenId: string,
): Promise<ActionState> {
  return runAction(async () => {
    const link = await setupPrincipal(token);
    await revokeToken(link.tenantId, link.actor, idpId, tokenId);
  });
}

export async function setupDisableProvisioningAction(token: string, idpId: string): Promise<ActionState> {
  return runAction(async () => {
    const link = await setupPrincipal(token);
    await disableProvisioning(link.tenantId, link.actor, idpId);
  });
}
