-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FiscalYearClose" (
    "fiscalYear" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "closedAt" DATETIME NOT NULL,
    "closedById" TEXT,
    "reopenedAt" DATETIME,
    "reopenedById" TEXT,
    "participation" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_FiscalYearClose" ("closedAt", "closedById", "fiscalYear", "participation", "reopenedAt", "reopenedById") SELECT "closedAt", "closedById", "fiscalYear", "participation", "reopenedAt", "reopenedById" FROM "FiscalYearClose";
DROP TABLE "FiscalYearClose";
ALTER TABLE "new_FiscalYearClose" RENAME TO "FiscalYearClose";
CREATE TABLE "new_IndicatorSnapshot" (
    "indicatorId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "value" REAL,

    PRIMARY KEY ("indicatorId", "fiscalYear"),
    CONSTRAINT "IndicatorSnapshot_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_IndicatorSnapshot" ("fiscalYear", "indicatorId", "value") SELECT "fiscalYear", "indicatorId", "value" FROM "IndicatorSnapshot";
DROP TABLE "IndicatorSnapshot";
ALTER TABLE "new_IndicatorSnapshot" RENAME TO "IndicatorSnapshot";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

