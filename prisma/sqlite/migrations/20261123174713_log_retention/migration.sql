-- CreateIndex
CREATE INDEX "ScimRequestLog_at_idx" ON "ScimRequestLog"("at");
