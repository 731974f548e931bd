-- CreateTable
CREATE TABLE "Category" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "IndicatorCategory" (
    "indicatorId" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,

    PRIMARY KEY ("indicatorId", "categoryId"),
    CONSTRAINT "IndicatorCategory_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IndicatorCategory_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorSeminar" (
    "indicatorId" TEXT NOT NULL,
    "seminarId" TEXT NOT NULL,

    PRIMARY KEY ("indicatorId", "seminarId"),
    CONSTRAINT "IndicatorSeminar_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IndicatorSeminar_seminarId_fkey" FOREIGN KEY ("seminarId") REFERENCES "Seminar" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Data (docs/decisions/0016-categories.md): one category per distinct free-text value across
-- seminars and indicator scopes, NFKC-normalized and trimmed (「セミナー」 and 「セミナー 」 are one;
-- an empty value becomes 「未分類」). jisseki_category_name() is registered by the migration runner
-- (app/utils/migrate.server.ts), as SQLite has no NFKC of its own.
INSERT INTO "Category" ("id", "name", "sortOrder", "createdAt", "updatedAt")
SELECT 'c' || lower(hex(randomblob(12))), "name", (row_number() OVER (ORDER BY "name")) - 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM (
  SELECT DISTINCT jisseki_category_name("value") AS "name" FROM (
    SELECT "category" AS "value" FROM "Seminar"
    UNION
    SELECT j."value" FROM "Indicator", json_each("Indicator"."categories") AS j
  )
);
INSERT OR IGNORE INTO "IndicatorCategory" ("indicatorId", "categoryId")
SELECT "Indicator"."id", "Category"."id"
FROM "Indicator", json_each("Indicator"."categories") AS j
JOIN "Category" ON "Category"."name" = jisseki_category_name(j."value");

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Seminar" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "programId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "categoryId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "mode" TEXT NOT NULL,
    "venueName" TEXT,
    "venueAddress" TEXT,
    "onlineUrl" TEXT,
    "capacityInPerson" INTEGER,
    "capacityOnline" INTEGER,
    "seatsTakenInPerson" INTEGER NOT NULL DEFAULT 0,
    "seatsTakenOnline" INTEGER NOT NULL DEFAULT 0,
    "queueVersion" INTEGER NOT NULL DEFAULT 0,
    "waitlistEnabled" BOOLEAN NOT NULL DEFAULT true,
    "registrationOpensAt" DATETIME NOT NULL,
    "registrationClosesAt" DATETIME NOT NULL,
    "minOnlineMinutes" INTEGER NOT NULL DEFAULT 30,
    "materialsUrl" TEXT,
    "calendarSequence" INTEGER NOT NULL DEFAULT 0,
    "thankYouQueuedAt" DATETIME,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Seminar_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Seminar_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Seminar" ("calendarSequence", "capacityInPerson", "capacityOnline", "createdAt", "description", "categoryId", "id", "materialsUrl", "minOnlineMinutes", "mode", "onlineUrl", "programId", "publishedAt", "queueVersion", "registrationClosesAt", "registrationOpensAt", "seatsTakenInPerson", "seatsTakenOnline", "status", "thankYouQueuedAt", "title", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistEnabled") SELECT "calendarSequence", "capacityInPerson", "capacityOnline", "createdAt", "description", (SELECT "Category"."id" FROM "Category" WHERE "Category"."name" = jisseki_category_name("Seminar"."category")), "id", "materialsUrl", "minOnlineMinutes", "mode", "onlineUrl", "programId", "publishedAt", "queueVersion", "registrationClosesAt", "registrationOpensAt", "seatsTakenInPerson", "seatsTakenOnline", "status", "thankYouQueuedAt", "title", "titleEn", "updatedAt", "venueAddress", "venueName", "waitlistEnabled" FROM "Seminar";
DROP TABLE "Seminar";
ALTER TABLE "new_Seminar" RENAME TO "Seminar";
CREATE INDEX "Seminar_status_registrationClosesAt_idx" ON "Seminar"("status", "registrationClosesAt");
CREATE INDEX "Seminar_programId_idx" ON "Seminar"("programId");
CREATE INDEX "Seminar_categoryId_idx" ON "Seminar"("categoryId");
CREATE TABLE "new_Indicator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'ACTIVITY',
    "unit" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "modeScope" TEXT NOT NULL DEFAULT 'ALL',
    "cumulative" BOOLEAN NOT NULL DEFAULT false,
    "baseYear" INTEGER,
    "baseline" REAL,
    "note" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Indicator" ("baseYear", "baseline", "code", "createdAt", "cumulative", "id", "kind", "modeScope", "name", "nameEn", "note", "rule", "sortOrder", "unit", "updatedAt") SELECT "baseYear", "baseline", "code", "createdAt", "cumulative", "id", "kind", "modeScope", "name", "nameEn", "note", "rule", "sortOrder", "unit", "updatedAt" FROM "Indicator";
DROP TABLE "Indicator";
ALTER TABLE "new_Indicator" RENAME TO "Indicator";
CREATE UNIQUE INDEX "Indicator_code_key" ON "Indicator"("code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Category_name_key" ON "Category"("name");

-- CreateIndex
CREATE INDEX "IndicatorCategory_categoryId_idx" ON "IndicatorCategory"("categoryId");

-- CreateIndex
CREATE INDEX "IndicatorSeminar_seminarId_idx" ON "IndicatorSeminar"("seminarId");

