-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RegistrationStatus" ADD VALUE 'APPLIED';
ALTER TYPE "RegistrationStatus" ADD VALUE 'NOT_SELECTED';

-- AlterEnum
ALTER TYPE "CancelledBy" ADD VALUE 'UNCONFIRMED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "MessageKind" ADD VALUE 'LOTTERY_APPLIED';
ALTER TYPE "MessageKind" ADD VALUE 'LOTTERY_WON';
ALTER TYPE "MessageKind" ADD VALUE 'LOTTERY_LOST';

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN     "confirmBy" TIMESTAMP(3),
ADD COLUMN     "lotteryNumber" INTEGER;

-- CreateTable
CREATE TABLE "Lottery" (
    "seminarId" TEXT NOT NULL,
    "drawAt" TIMESTAMP(3) NOT NULL,
    "priorities" TEXT NOT NULL DEFAULT '[]',
    "confirmHours" INTEGER,
    "seed" TEXT NOT NULL,
    "seedHash" TEXT NOT NULL,
    "drawnAt" TIMESTAMP(3),
    "drawnById" TEXT,
    "record" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lottery_pkey" PRIMARY KEY ("seminarId")
);

-- CreateIndex
CREATE INDEX "Lottery_drawnAt_drawAt_idx" ON "Lottery"("drawnAt", "drawAt");

-- AddForeignKey
ALTER TABLE "Lottery" ADD CONSTRAINT "Lottery_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

