-- AlterTable
ALTER TABLE "FiscalYearClose" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "IndicatorSnapshot" ALTER COLUMN "value" DROP NOT NULL;

