-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL,
    "seq" BIGINT,
    "tenantId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "idpId" TEXT,
    "data" TEXT NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_seq_key" ON "Event"("seq");

-- CreateIndex
CREATE INDEX "Event_tenantId_seq_idx" ON "Event"("tenantId", "seq");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

-- The sequencer's work list: committed events still waiting for their place in the order.
CREATE INDEX "Event_unsequenced_idx" ON "Event"("id") WHERE "seq" IS NULL;
