-- AlterTable
ALTER TABLE "SsoDomain" DROP CONSTRAINT "SsoDomain_pkey",
ADD COLUMN     "checkError" TEXT,
ADD COLUMN     "checkedAt" TIMESTAMP(3),
ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "failingSince" TIMESTAMP(3),
ADD COLUMN     "nextCheckAt" TIMESTAMP(3),
ADD COLUMN     "token" TEXT,
ADD COLUMN     "verifiedAt" TIMESTAMP(3),
ADD COLUMN     "verifiedDomain" TEXT,
ADD CONSTRAINT "SsoDomain_pkey" PRIMARY KEY ("tenantId", "domain");

-- Existing domains become unverified claims (pending, routing nobody), each with a new random token.
UPDATE "SsoDomain" SET "token" = replace(gen_random_uuid()::text, '-', '');
ALTER TABLE "SsoDomain" ALTER COLUMN "token" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "SsoDomain_verifiedDomain_key" ON "SsoDomain"("verifiedDomain");

-- CreateIndex
CREATE INDEX "SsoDomain_nextCheckAt_idx" ON "SsoDomain"("nextCheckAt");
