-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN "oidcClaim" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "oidcClientId" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "oidcClientSecret" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "oidcGroupsClaim" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "oidcIssuer" TEXT;
ALTER TABLE "IdentityProvider" ADD COLUMN "oidcScopes" TEXT;

-- AlterTable
ALTER TABLE "SsoRequest" ADD COLUMN "codeVerifier" TEXT;
ALTER TABLE "SsoRequest" ADD COLUMN "nonce" TEXT;
