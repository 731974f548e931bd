-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN "topPoints" INTEGER;

-- AlterTable
ALTER TABLE "IndicatorSnapshot" ADD COLUMN "basis" INTEGER;

