-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Program" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "retentionYears" INTEGER NOT NULL DEFAULT 3,
    "reportTotalWord" TEXT NOT NULL DEFAULT '延べ',
    "reportCounter" TEXT NOT NULL DEFAULT '名',
    "reportUniquePersons" BOOLEAN NOT NULL DEFAULT true,
    "reportCompanies" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Program" ("code", "createdAt", "description", "id", "name", "nameEn", "retentionYears", "updatedAt") SELECT "code", "createdAt", "description", "id", "name", "nameEn", "retentionYears", "updatedAt" FROM "Program";
DROP TABLE "Program";
ALTER TABLE "new_Program" RENAME TO "Program";
CREATE UNIQUE INDEX "Program_code_key" ON "Program"("code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

