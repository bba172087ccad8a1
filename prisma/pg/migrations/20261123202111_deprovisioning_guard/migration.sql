-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "guardEnabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "guardMinUsers" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "guardPercent" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "guardTrippedAt" TIMESTAMP(3),
ADD COLUMN     "guardWindowMinutes" INTEGER NOT NULL DEFAULT 60;

-- CreateTable
CREATE TABLE "DeprovisionLog" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "DeprovisionLog_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "DeprovisionHold" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "idpId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "body" TEXT,

    CONSTRAINT "DeprovisionHold_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "DeprovisionLog_tenantId_at_idx" ON "DeprovisionLog"("tenantId", "at");

-- CreateIndex
CREATE INDEX "DeprovisionHold_tenantId_at_idx" ON "DeprovisionHold"("tenantId", "at");

-- AddForeignKey
ALTER TABLE "DeprovisionLog" ADD CONSTRAINT "DeprovisionLog_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeprovisionHold" ADD CONSTRAINT "DeprovisionHold_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
