-- AlterTable
ALTER TABLE "FiscalYearClose" ADD COLUMN     "participation" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "YearAdjustment" (
    "id" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "acceptedById" TEXT,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YearAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "YearAdjustment_fiscalYear_idx" ON "YearAdjustment"("fiscalYear");

