/**
 * A tenant's identity providers as the application API shows them: configuration and certificate
 * facts, never a secret (the SCIM tokens and UNIFI's token exist only as hashes anyway; an OpenID
 * Connect client secret only as whether one is stored) and never the certificates themselves.
 */
import { db } from "@/lib/db";
import { DEFAULT_GROUPS_CLAIM, DEFAULT_OIDC_SCOPES } from "@/lib/sso/choices";
import { scimBaseUrl } from "@/lib/config";
import { spUrls } from "@/lib/sso/metadata";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function identityProvidersOf(tenantId: string) {
  const { prisma } = await db();
  const rows = await prisma.identityProvider.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      displayName: true,
      type: true,
      loginUrl: true,
      idpEntityId: true,
      isDefault: true,
      certificateSubject: true,
      certificateIssuer: true,
      certificateSha1: true,
      certificateSha256: true,
      certificateNotBefore: true,
      certificateNotAfter: true,
      certificate2Sha256: true,
      certificate2NotAfter: true,
      oidcIssuer: true,
      oidcClientId: true,
      oidcClientSecret: true,
      oidcScopes: true,
      oidcClaim: true,
      oidcGroupsClaim: true,
      ssoClaim: true,
      ssoMatch: true,
      jitProvisioning: true,
      provisioningId: true,
      provisioningEnabled: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  return rows.map((r) => ({
    id: r.id,
    displayName: r.displayName,
    type: r.type,
    loginUrl: r.loginUrl,
    idpEntityId: r.idpEntityId,
    isDefault: r.isDefault,
    certificate: r.certificateSha256
      ? {
          subject: r.certificateSubject,
          issuer: r.certificateIssuer,
          sha1: r.certificateSha1,
          sha256: r.certificateSha256,
          notBefore: iso(r.certificateNotBefore),
          notAfter: iso(r.certificateNotAfter),
        }
      : null,
    secondCertificate: r.certificate2Sha256
      ? { sha256: r.certificate2Sha256, notAfter: iso(r.certificate2NotAfter) }
      : null,
    oidc:
      r.type === "oidc"
        ? {
            issuer: r.oidcIssuer,
            clientId: r.oidcClientId,
            hasClientSecret: r.oidcClientSecret !== null,
            scopes: r.oidcScopes ?? DEFAULT_OIDC_SCOPES,
            claim: r.oidcClaim ?? "email",
            groupsClaim: r.oidcGroupsClaim ?? DEFAULT_GROUPS_CLAIM,
          }
        : null,
    sso: {
      claim: r.ssoClaim,
      match: r.ssoMatch,
      jitProvisioning: r.jitProvisioning,
      ...spUrls(r.provisioningId),
    },
    provisioning: { enabled: r.provisioningEnabled, tenantUrl: `${scimBaseUrl()}/${r.provisioningId}` },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}
