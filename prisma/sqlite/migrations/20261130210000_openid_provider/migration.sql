-- AlterTable
ALTER TABLE "SsoRequest" ADD COLUMN "returnTo" TEXT;

-- CreateTable
CREATE TABLE "Application" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "secretHash" TEXT,
    "previousSecretHash" TEXT,
    "previousSecretUntil" DATETIME,
    "redirectUris" TEXT NOT NULL,
    "postLogoutRedirectUris" TEXT NOT NULL DEFAULT '[]',
    "tenantIds" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "secretRotatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OidcModel" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "expiresAt" DATETIME,
    "consumedAt" DATETIME,

    PRIMARY KEY ("model", "id")
);

-- CreateTable
CREATE TABLE "OidcSigningKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "generation" INTEGER NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "OidcModel_grantId_idx" ON "OidcModel"("grantId");

-- CreateIndex
CREATE INDEX "OidcModel_model_uid_idx" ON "OidcModel"("model", "uid");

-- CreateIndex
CREATE INDEX "OidcModel_expiresAt_idx" ON "OidcModel"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "OidcSigningKey_generation_key" ON "OidcSigningKey"("generation");
