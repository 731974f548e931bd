-- AlterTable
ALTER TABLE "Registration" ADD COLUMN "confirmBy" DATETIME;
ALTER TABLE "Registration" ADD COLUMN "lotteryNumber" INTEGER;

-- CreateTable
CREATE TABLE "Lottery" (
    "seminarId" TEXT NOT NULL PRIMARY KEY,
    "drawAt" DATETIME NOT NULL,
    "priorities" TEXT NOT NULL DEFAULT '[]',
    "confirmHours" INTEGER,
    "seed" TEXT NOT NULL,
    "seedHash" TEXT NOT NULL,
    "drawnAt" DATETIME,
    "drawnById" TEXT,
    "record" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Lottery_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Lottery_drawnAt_drawAt_idx" ON "Lottery"("drawnAt", "drawAt");

