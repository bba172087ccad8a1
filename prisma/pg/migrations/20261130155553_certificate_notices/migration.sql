-- CreateTable
CREATE TABLE "CertificateNotice" (
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "stage" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateNotice_pkey" PRIMARY KEY ("tenantId","idpId","sha256","stage")
);

-- AddForeignKey
ALTER TABLE "CertificateNotice" ADD CONSTRAINT "CertificateNotice_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
