-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "lastFailedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "OutboxMessage_lastFailedAt_idx" ON "OutboxMessage"("lastFailedAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_sentAt_idx" ON "OutboxMessage"("sentAt");

