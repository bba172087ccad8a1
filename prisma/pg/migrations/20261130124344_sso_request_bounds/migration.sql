-- AlterTable
ALTER TABLE "SsoEvent" ADD COLUMN     "bucket" TEXT,
ADD COLUMN     "count" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "lastAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "SsoRequest_tenantId_idpId_expiresAt_idx" ON "SsoRequest"("tenantId", "idpId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "SsoEvent_tenantId_idpId_bucket_key" ON "SsoEvent"("tenantId", "idpId", "bucket");
