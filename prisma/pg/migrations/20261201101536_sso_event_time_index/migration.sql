-- CreateIndex
CREATE INDEX "SsoEvent_at_idx" ON "SsoEvent"("at");
