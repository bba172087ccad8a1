-- AlterTable (columns added in place: the activity table may be large, so it is not rebuilt)
ALTER TABLE "SsoEvent" ADD COLUMN "bucket" TEXT;
ALTER TABLE "SsoEvent" ADD COLUMN "count" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "SsoEvent" ADD COLUMN "lastAt" DATETIME;

-- CreateIndex
CREATE UNIQUE INDEX "SsoEvent_tenantId_idpId_bucket_key" ON "SsoEvent"("tenantId", "idpId", "bucket");

-- CreateIndex
CREATE INDEX "SsoRequest_tenantId_idpId_expiresAt_idx" ON "SsoRequest"("tenantId", "idpId", "expiresAt");
