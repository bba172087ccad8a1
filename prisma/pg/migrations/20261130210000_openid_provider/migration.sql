-- AlterTable
ALTER TABLE "SsoRequest" ADD COLUMN     "returnTo" TEXT;

-- CreateTable
CREATE TABLE "Application" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT,
    "previousSecretHash" TEXT,
    "previousSecretUntil" TIMESTAMP(3),
    "redirectUris" TEXT NOT NULL,
    "postLogoutRedirectUris" TEXT NOT NULL DEFAULT '[]',
    "tenantIds" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "secretRotatedAt" TIMESTAMP(3),

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OidcModel" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "OidcModel_pkey" PRIMARY KEY ("model","id")
);

-- CreateTable
CREATE TABLE "OidcSigningKey" (
    "kid" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OidcSigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateIndex
CREATE INDEX "OidcModel_grantId_idx" ON "OidcModel"("grantId");

-- CreateIndex
CREATE INDEX "OidcModel_model_uid_idx" ON "OidcModel"("model", "uid");

-- CreateIndex
CREATE INDEX "OidcModel_expiresAt_idx" ON "OidcModel"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "OidcSigningKey_generation_key" ON "OidcSigningKey"("generation");
