-- CreateTable
CREATE TABLE "SsoDomain" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    CONSTRAINT "SsoDomain_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SsoRequest" (
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "idpId", "id"),
    CONSTRAINT "SsoRequest_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SsoAssertion" (
    "tenantId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "assertionId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "idpId", "assertionId")
);

-- CreateTable
CREATE TABLE "UserSession" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "UserSession_tenantId_userId_fkey" FOREIGN KEY ("tenantId", "userId") REFERENCES "ScimUser" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SsoEvent" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idpId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "subject" TEXT,
    "reason" TEXT,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "SsoEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (columns added in place: no table rebuild)
ALTER TABLE "IdentityProvider" ADD COLUMN "certificate2Pem" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "certificate2Sha256" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "certificate2NotAfter" DATETIME;
ALTER TABLE "IdentityProvider" ADD COLUMN "idpEntityId" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "ssoClaim" TEXT NOT NULL DEFAULT 'nameId';
ALTER TABLE "IdentityProvider" ADD COLUMN "ssoMatch" TEXT NOT NULL DEFAULT 'userName';
ALTER TABLE "IdentityProvider" ADD COLUMN "jitProvisioning" BOOLEAN NOT NULL DEFAULT false;

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
