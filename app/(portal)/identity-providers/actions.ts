"use server";

import { revalidatePath } from "next/cache";
import type { TokenState } from "@/components/portal/idp/provisioning-panel";
import { runAction, type ActionState } from "@/lib/action-state";
import { actorOf, requireAdmin, requireTenantRole } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { expiryStatus, parseCertificate, type ExpiryStatus } from "@/lib/x509/certificate";
import type { IdentityProviderInput } from "@/lib/identity-providers/schemas";
import {
  createIdentityProvider,
  deleteIdentityProvider,
  updateIdentityProvider,
} from "@/lib/identity-providers/service";
import {
  federationMetadataPreview,
  updateSsoSettings,
  type MetadataPreviewData,
  type SsoSettingsInput,
} from "@/lib/identity-providers/sso-settings";
import { runSelfTest, type SelfTestStep } from "@/lib/provisioning/selftest";
import { createSetupLink, revokeSetupLink, type SetupLinkInput } from "@/lib/setup-links/service";
import { verifyDomainClaim, type DomainState } from "@/lib/sso/domains";
import { formatDateTime } from "@/lib/format";
import {
  disableProvisioning,
  enableProvisioning,
  generateNewToken,
  revokeToken,
  type IssuedToken,
  type TokenOptions,
} from "@/lib/provisioning/service";

export type CertificatePreview = ActionState<
  {
    subject: string;
    issuer: string;
    sha1: string;
    sha256: string;
    notBefore: string;
    notAfter: string;
  } & ExpiryStatus
>;

/** Parses a pasted certificate for the form's live preview (saves nothing). */
export async function inspectCertificateAction(text: string): Promise<CertificatePreview> {
  return runAction(async () => {
    await requireAdmin();
    const info = parseCertificate(text);
    return {
      subject: info.subject,
      issuer: info.issuer,
      sha1: info.sha1,
      sha256: info.sha256,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      ...expiryStatus(info.notBefore, info.notAfter),
    };
  });
}

/** Creates (`id` null) or updates an identity provider; answers its id. */
export async function saveIdpAction(
  id: string | null,
  input: IdentityProviderInput,
): Promise<ActionState<string>> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    if (id) await updateIdentityProvider(admin.tenantId, actorOf(admin), id, input);
    const saved = id ?? (await createIdentityProvider(admin.tenantId, actorOf(admin), input)).id;
    revalidatePath("/identity-providers");
    return saved;
  });
}

export async function deleteIdpAction(id: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    await deleteIdentityProvider(admin.tenantId, actorOf(admin), id);
    revalidatePath("/identity-providers", "layout");
  });
}

async function requireAdvanced() {
  const admin = await requireTenantRole("admin");
  if (admin.adminView !== "advanced") {
    throw new AppError("Provisioning is managed in the Advanced administrator view (Profile settings)", {
      code: "forbidden",
    });
  }
  return admin;
}

/** Turns provisioning on; answers the tenant URL and the secret token, shown once. */
export async function enableProvisioningAction(idpId: string, options: TokenOptions): Promise<TokenState> {
  return runAction(async () => {
    const admin = await requireAdvanced();
    return revealed(await enableProvisioning(admin.tenantId, actorOf(admin), idpId, options));
  });
}

/** A second token for a rotation; answered once, like the first. */
export async function generateTokenAction(idpId: string, options: TokenOptions): Promise<TokenState> {
  return runAction(async () => {
    const admin = await requireAdvanced();
    return revealed(await generateNewToken(admin.tenantId, actorOf(admin), idpId, options));
  });
}

function revealed({ tenantUrl, token, name }: IssuedToken) {
  revalidatePath("/identity-providers", "layout");
  return { tenantUrl, token, name };
}

export async function revokeTokenAction(idpId: string, tokenId: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireAdvanced();
    await revokeToken(admin.tenantId, actorOf(admin), idpId, tokenId);
    revalidatePath("/identity-providers", "layout");
  });
}

export async function disableProvisioningAction(idpId: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireAdvanced();
    await disableProvisioning(admin.tenantId, actorOf(admin), idpId);
    revalidatePath("/identity-providers", "layout");
  });
}

/** The self-test creates and deletes sandbox users and groups: an administrator's to run. */
export async function runSelfTestAction(
  idpId: string,
): Promise<ActionState<{ at: string; steps: SelfTestStep[] }>> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    const steps = await runSelfTest(admin.tenantId, idpId);
    return { at: formatDateTime(new Date()), steps };
  });
}

export async function saveSsoSettingsAction(idpId: string, input: SsoSettingsInput): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    await updateSsoSettings(admin.tenantId, actorOf(admin), idpId, input);
    revalidatePath(`/identity-providers/${idpId}`, "layout");
  });
}

export type MetadataPreview = ActionState<MetadataPreviewData>;

/** Reads pasted federation metadata and says what it would change (`apply` saves it). */
export async function federationMetadataAction(
  idpId: string,
  xml: string,
  apply: boolean,
): Promise<MetadataPreview> {
  return runAction(async () => {
    // Reading pasted metadata changes nothing; applying it is an administrator's.
    const admin = apply ? await requireTenantRole("admin") : await requireAdmin();
    const preview = await federationMetadataPreview(admin.tenantId, actorOf(admin), idpId, xml, apply);
    if (apply) revalidatePath(`/identity-providers/${idpId}`, "layout");
    return preview;
  });
}

export type VerifyDomainState = ActionState<{ state: DomainState; message: string }>;

/** "Verify now": looks up the domain's TXT record and says what was found. */
export async function verifyDomainAction(idpId: unknown, domain: unknown): Promise<VerifyDomainState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    if (typeof idpId !== "string" || typeof domain !== "string" || domain.length > 253) {
      throw new AppError("Choose one of this identity provider's email domains", { field: "domain" });
    }
    const claim = await verifyDomainClaim(admin.tenantId, actorOf(admin), idpId, domain);
    revalidatePath(`/identity-providers/${idpId}`, "layout");
    if (claim.state === "verified" && claim.routesUntil) {
      return {
        state: claim.state,
        message: `${claim.checkError ?? "The record was not found."} ${claim.domain} keeps routing until ${formatDateTime(claim.routesUntil)}; publish the record again before then.`,
      };
    }
    if (claim.state === "verified") {
      return {
        state: claim.state,
        message: `Verified. People who sign in with an address at ${claim.domain} are sent to this identity provider.`,
      };
    }
    return { state: claim.state, message: claim.checkError ?? "Not verified yet." };
  });
}

/** A set-up link for the customer's IT person; its address is answered this once. */
export async function createSetupLinkAction(
  input: SetupLinkInput,
): Promise<ActionState<{ url: string; label: string; expiresAt: string }>> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    const link = await createSetupLink(admin.tenantId, actorOf(admin), input);
    revalidatePath("/identity-providers/setup-links");
    return { url: link.url, label: link.label, expiresAt: formatDateTime(link.expiresAt) };
  });
}

export async function revokeSetupLinkAction(id: string): Promise<ActionState> {
  return runAction(async () => {
    const admin = await requireTenantRole("admin");
    await revokeSetupLink(admin.tenantId, actorOf(admin), id);
    revalidatePath("/identity-providers/setup-links");
  });
}
