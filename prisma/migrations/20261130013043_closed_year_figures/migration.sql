-- CreateTable
CREATE TABLE "YearAdjustment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fiscalYear" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "acceptedById" TEXT,
    "acceptedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FiscalYearClose" (
    "fiscalYear" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "closedAt" DATETIME NOT NULL,
    "closedById" TEXT,
    "reopenedAt" DATETIME,
    "reopenedById" TEXT,
    "participation" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_FiscalYearClose" ("closedAt", "closedById", "fiscalYear", "reopenedAt", "reopenedById") SELECT "closedAt", "closedById", "fiscalYear", "reopenedAt", "reopenedById" FROM "FiscalYearClose";
DROP TABLE "FiscalYearClose";
ALTER TABLE "new_FiscalYearClose" RENAME TO "FiscalYearClose";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "YearAdjustment_fiscalYear_idx" ON "YearAdjustment"("fiscalYear");

