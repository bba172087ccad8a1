-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN     "selfTestAt" TIMESTAMP(3),
ADD COLUMN     "selfTestSteps" TEXT;

-- AlterTable
ALTER TABLE "ProvisioningToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "lastUsedIp" TEXT,
ADD COLUMN     "name" TEXT NOT NULL DEFAULT '';
