-- AlterTable
ALTER TABLE "Person" ADD COLUMN "anonymizedAt" DATETIME;

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN "anonymizedAt" DATETIME;
ALTER TABLE "Registration" ADD COLUMN "consentedAt" DATETIME;
ALTER TABLE "Registration" ADD COLUMN "privacyVersion" TEXT;

-- CreateTable
CREATE TABLE "RateLimitHit" (
    "key" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("key", "windowStart")
);

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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Program" ("code", "createdAt", "description", "id", "name", "nameEn", "updatedAt") SELECT "code", "createdAt", "description", "id", "name", "nameEn", "updatedAt" FROM "Program";
DROP TABLE "Program";
ALTER TABLE "new_Program" RENAME TO "Program";
CREATE UNIQUE INDEX "Program_code_key" ON "Program"("code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

