-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "lastFailedAt" DATETIME;

-- CreateIndex
CREATE INDEX "OutboxMessage_lastFailedAt_idx" ON "OutboxMessage"("lastFailedAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_sentAt_idx" ON "OutboxMessage"("sentAt");

