/**
 * A tenant's identity providers as the application API shows them: configuration and certificate
 * facts, never a secret (the SCIM tokens and UNIFI's token exist only as hashes anyway) and never
 * the certificates themselves.
 */
import { db } from "@/lib/db";
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
