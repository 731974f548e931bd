-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CountingRule" ADD VALUE 'SATISFACTION_RATE';
ALTER TYPE "CountingRule" ADD VALUE 'RESPONSE_RATE';

-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN     "topPoints" INTEGER;

-- AlterTable
ALTER TABLE "IndicatorSnapshot" ADD COLUMN     "basis" INTEGER;

