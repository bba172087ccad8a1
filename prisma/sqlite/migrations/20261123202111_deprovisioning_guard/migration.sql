-- CreateTable
CREATE TABLE "DeprovisionLog" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "DeprovisionLog_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeprovisionHold" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "idpId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "body" TEXT,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "DeprovisionHold_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (columns added in place: no table rebuild)
ALTER TABLE "Tenant" ADD COLUMN "guardEnabled" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Tenant" ADD COLUMN "guardPercent" INTEGER NOT NULL DEFAULT 10;
ALTER TABLE "Tenant" ADD COLUMN "guardMinUsers" INTEGER NOT NULL DEFAULT 20;
ALTER TABLE "Tenant" ADD COLUMN "guardWindowMinutes" INTEGER NOT NULL DEFAULT 60;
ALTER TABLE "Tenant" ADD COLUMN "guardTrippedAt" DATETIME;

-- CreateIndex
CREATE INDEX "DeprovisionLog_tenantId_at_idx" ON "DeprovisionLog"("tenantId", "at");

-- CreateIndex
CREATE INDEX "DeprovisionHold_tenantId_at_idx" ON "DeprovisionHold"("tenantId", "at");
