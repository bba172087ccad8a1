-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN     "certificate2NotAfter" TIMESTAMP(3),
ADD COLUMN     "certificate2Pem" TEXT,
ADD COLUMN     "certificate2Sha256" TEXT,
ADD COLUMN     "idpEntityId" TEXT,
ADD COLUMN     "jitProvisioning" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ssoClaim" TEXT NOT NULL DEFAULT 'nameId',
ADD COLUMN     "ssoMatch" TEXT NOT NULL DEFAULT 'userName';

-- CreateTable
CREATE TABLE "SsoDomain" (
    "domain" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,

    CONSTRAINT "SsoDomain_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "SsoRequest" (
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsoRequest_pkey" PRIMARY KEY ("tenantId","idpId","id")
);

-- CreateTable
CREATE TABLE "SsoAssertion" (
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "assertionId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SsoAssertion_pkey" PRIMARY KEY ("tenantId","idpId","assertionId")
);

-- CreateTable
CREATE TABLE "UserSession" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserSession_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "SsoEvent" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idpId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "subject" TEXT,
    "reason" TEXT,

    CONSTRAINT "SsoEvent_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "SsoDomain_tenantId_idpId_idx" ON "SsoDomain"("tenantId", "idpId");

-- CreateIndex
CREATE INDEX "SsoRequest_expiresAt_idx" ON "SsoRequest"("expiresAt");

-- CreateIndex
CREATE INDEX "SsoAssertion_expiresAt_idx" ON "SsoAssertion"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "UserSession_tokenHash_key" ON "UserSession"("tokenHash");

-- CreateIndex
CREATE INDEX "UserSession_tenantId_userId_idx" ON "UserSession"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "SsoEvent_tenantId_idpId_at_idx" ON "SsoEvent"("tenantId", "idpId", "at");

-- AddForeignKey
ALTER TABLE "SsoDomain" ADD CONSTRAINT "SsoDomain_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoRequest" ADD CONSTRAINT "SsoRequest_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserSession" ADD CONSTRAINT "UserSession_tenantId_userId_fkey" FOREIGN KEY ("tenantId", "userId") REFERENCES "ScimUser"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SsoEvent" ADD CONSTRAINT "SsoEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
