"use server";

import { revalidatePath } from "next/cache";
import { actorOf, requireAdmin } from "@/lib/auth/session";
import { AppError, type FieldErrors } from "@/lib/errors";
import { expiryStatus, parseCertificate } from "@/lib/x509/certificate";
import type { IdentityProviderInput } from "@/lib/identity-providers/schemas";
import {
  createIdentityProvider,
  deleteIdentityProvider,
  getIdentityProvider,
  updateIdentityProvider,
} from "@/lib/identity-providers/service";
import {
  importFederationMetadata,
  readFederationMetadata,
  updateSsoSettings,
  type SsoSettingsInput,
} from "@/lib/sso/settings";
import { runSelfTest, type SelfTestStep } from "@/lib/provisioning/selftest";
import { verifyDomainClaim, type DomainState } from "@/lib/sso/domains";
import { formatDateTime } from "@/lib/format";
import {
  disableProvisioning,
  enableProvisioning,
  generateNewToken,
  revokeToken,
} from "@/lib/provisioning/service";

export type CertificatePreview =
  | {
      ok: true;
      subject: string;
      issuer: string;
      sha1: string;
      sha256: string;
      notBefore: string;
      notAfter: string;
      state: ReturnType<typeof expiryStatus>["state"];
      daysLeft: number;
    }
  | { ok: false; error: string };

/** Parses a pasted certificate for the form's live preview (saves nothing). */
export async function inspectCertificateAction(text: string): Promise<CertificatePreview> {
  await requireAdmin();
  try {
    const info = parseCertificate(text);
    const status = expiryStatus(info.notBefore, info.notAfter);
    return {
      ok: true,
      subject: info.subject,
      issuer: info.issuer,
      sha1: info.sha1,
      sha256: info.sha256,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      ...status,
    };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof AppError ? error.message : "The certificate could not be read",
    };
  }
}

export type SaveIdpResult =
  { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors; error?: string };

export async function saveIdpAction(id: string | null, input: IdentityProviderInput): Promise<SaveIdpResult> {
  const admin = await requireAdmin();
  try {
    if (id) {
      await updateIdentityProvider(admin.tenantId, actorOf(admin), id, input);
    } else {
      ({ id } = await createIdentityProvider(admin.tenantId, actorOf(admin), input));
    }
    revalidatePath("/identity-providers");
    return { ok: true, id };
  } catch (error) {
    if (error instanceof AppError && Object.keys(error.fields).length > 0)
      return { ok: false, fieldErrors: error.fields };
    if (error instanceof AppError) return { ok: false, fieldErrors: {}, error: error.message };
    throw error;
  }
}

export type ActionResult = { ok: true } | { ok: false; error: string };

async function guarded(run: () => Promise<void>): Promise<ActionResult> {
  try {
    await run();
    revalidatePath("/identity-providers", "layout");
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function deleteIdpAction(id: string): Promise<ActionResult> {
  const admin = await requireAdmin();
  return guarded(() => deleteIdentityProvider(admin.tenantId, actorOf(admin), id));
}

export type TokenResult = { ok: true; tenantUrl: string; token: string } | { ok: false; error: string };

async function requireAdvanced() {
  const admin = await requireAdmin();
  if (admin.adminView !== "advanced") {
    throw new AppError("Provisioning is managed in the Advanced administrator view (Profile settings)", {
      code: "forbidden",
    });
  }
  return admin;
}

async function issuing(run: () => Promise<{ tenantUrl: string; token: string }>): Promise<TokenResult> {
  try {
    const { tenantUrl, token } = await run();
    revalidatePath("/identity-providers", "layout");
    return { ok: true, tenantUrl, token };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

export async function enableProvisioningAction(idpId: string): Promise<TokenResult> {
  return issuing(async () => {
    const admin = await requireAdvanced();
    return enableProvisioning(admin.tenantId, actorOf(admin), idpId);
  });
}

export async function generateTokenAction(idpId: string): Promise<TokenResult> {
  return issuing(async () => {
    const admin = await requireAdvanced();
    return generateNewToken(admin.tenantId, actorOf(admin), idpId);
  });
}

export async function revokeTokenAction(idpId: string, tokenId: string): Promise<ActionResult> {
  return guarded(async () => {
    const admin = await requireAdvanced();
    await revokeToken(admin.tenantId, actorOf(admin), idpId, tokenId);
  });
}

export async function disableProvisioningAction(idpId: string): Promise<ActionResult> {
  return guarded(async () => {
    const admin = await requireAdvanced();
    await disableProvisioning(admin.tenantId, actorOf(admin), idpId);
  });
}

export type SelfTestResult = { ok: true; steps: SelfTestStep[] } | { ok: false; error: string };

export async function runSelfTestAction(idpId: string): Promise<SelfTestResult> {
  const admin = await requireAdmin();
  try {
    return { ok: true, steps: await runSelfTest(admin.tenantId, idpId) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : "The self-test could not run" };
  }
}

export type SaveSsoResult = { ok: true } | { ok: false; fieldErrors: FieldErrors; error?: string };

export async function saveSsoSettingsAction(idpId: string, input: SsoSettingsInput): Promise<SaveSsoResult> {
  const admin = await requireAdmin();
  try {
    await updateSsoSettings(admin.tenantId, actorOf(admin), idpId, input);
    revalidatePath(`/identity-providers/${idpId}`);
    return { ok: true };
  } catch (error) {
    if (error instanceof AppError && Object.keys(error.fields).length > 0)
      return { ok: false, fieldErrors: error.fields };
    if (error instanceof AppError) return { ok: false, fieldErrors: {}, error: error.message };
    throw error;
  }
}

export type MetadataPreview =
  | {
      ok: true;
      entityId: string;
      loginUrl: string;
      certificates: { subject: string; sha1: string; notAfter: string }[];
    }
  | { ok: false; error: string };

/** Reads pasted federation metadata and says what it would change (`apply` saves it). */
export async function federationMetadataAction(
  idpId: string,
  xml: string,
  apply: boolean,
): Promise<MetadataPreview> {
  const admin = await requireAdmin();
  const idp = await getIdentityProvider(admin.tenantId, idpId);
  if (!idp) return { ok: false, error: "Identity provider not found" };
  try {
    const meta = apply
      ? await importFederationMetadata(admin.tenantId, actorOf(admin), idpId, xml)
      : readFederationMetadata(xml, idp.type === "wsfed" ? "wsfed" : "saml");
    if (apply) revalidatePath(`/identity-providers/${idpId}`);
    return {
      ok: true,
      entityId: meta.entityId,
      loginUrl: meta.loginUrl,
      certificates: meta.certificates.map((c) => ({
        subject: c.subject,
        sha1: c.sha1,
        notAfter: c.notAfter.toISOString().slice(0, 10),
      })),
    };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}

export type VerifyDomainResult =
  { ok: true; state: DomainState; message: string } | { ok: false; error: string };

/** "Verify now": looks up the domain's TXT record and says what was found. */
export async function verifyDomainAction(idpId: unknown, domain: unknown): Promise<VerifyDomainResult> {
  const admin = await requireAdmin();
  if (typeof idpId !== "string" || typeof domain !== "string" || domain.length > 253) {
    return { ok: false, error: "Choose one of this identity provider's email domains" };
  }
  try {
    const claim = await verifyDomainClaim(admin.tenantId, actorOf(admin), idpId, domain);
    revalidatePath(`/identity-providers/${idpId}`);
    if (claim.state === "verified" && claim.routesUntil) {
      return {
        ok: true,
        state: claim.state,
        message: `${claim.checkError ?? "The record was not found."} ${claim.domain} keeps routing until ${formatDateTime(claim.routesUntil)}; publish the record again before then.`,
      };
    }
    if (claim.state === "verified") {
      return {
        ok: true,
        state: claim.state,
        message: `Verified. People who sign in with an address at ${claim.domain} are sent to this identity provider.`,
      };
    }
    return { ok: true, state: claim.state, message: claim.checkError ?? "Not verified yet." };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message };
    throw error;
  }
}
