-- AlterTable
ALTER TABLE "AdminSession" ADD COLUMN "address" TEXT;
ALTER TABLE "AdminSession" ADD COLUMN "lastSeenAt" DATETIME;
ALTER TABLE "AdminSession" ADD COLUMN "userAgent" TEXT;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "address" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");
