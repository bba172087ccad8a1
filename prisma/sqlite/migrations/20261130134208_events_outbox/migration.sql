-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seq" BIGINT,
    "tenantId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "idpId" TEXT,
    "data" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_seq_key" ON "Event"("seq");

-- CreateIndex
CREATE INDEX "Event_tenantId_seq_idx" ON "Event"("tenantId", "seq");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");
