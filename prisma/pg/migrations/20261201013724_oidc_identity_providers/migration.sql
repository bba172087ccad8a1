-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN     "oidcClaim" TEXT,
ADD COLUMN     "oidcClientId" TEXT,
ADD COLUMN     "oidcClientSecret" TEXT,
ADD COLUMN     "oidcGroupsClaim" TEXT,
ADD COLUMN     "oidcIssuer" TEXT,
ADD COLUMN     "oidcScopes" TEXT;

-- AlterTable
ALTER TABLE "SsoRequest" ADD COLUMN     "codeVerifier" TEXT,
ADD COLUMN     "nonce" TEXT;
