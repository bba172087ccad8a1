-- CreateTable
CREATE TABLE "CertificateNotice" (
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "stage" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "idpId", "sha256", "stage"),
    CONSTRAINT "CertificateNotice_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
